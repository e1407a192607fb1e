import type { HandoffRule } from './driver-definitions.js';
import type { AssignmentChange, Engagement } from './timeline.js';

/** Whether an engagement counts as the owner's own (any agent for a team; the agent themselves for an assignee). */
type EngagedAs = (engagement: Engagement, owner: number) => boolean;

const ANY_AGENT: EngagedAs = () => true;
const THE_ASSIGNEE: EngagedAs = (engagement, owner) => engagement.agentId === owner;

/** Team handoffs: moves between groups. */
export function countTeamHandoffs(changes: AssignmentChange[], engagements: Engagement[], rule: HandoffRule): number {
  const groups = changes.filter((change) => change.kind === 'group');
  return rule === 'any-change' ? countHandoffs(groups) : countEngagedHandoffs(groups, engagements, ANY_AGENT);
}

/** Agent handoffs: moves between assignees. */
export function countAgentHandoffs(changes: AssignmentChange[], engagements: Engagement[], rule: HandoffRule): number {
  const assignees = changes.filter((change) => change.kind === 'assignee');
  return rule === 'any-change' ? countHandoffs(assignees) : countEngagedHandoffs(assignees, engagements, THE_ASSIGNEE);
}

/**
 * `any-change` handoffs of one kind (group or assignee): the first assignment is not a handoff;
 * each later move to a different non-null owner is. Unassigning (to null) is not a handoff by
 * itself, and coming back to the same owner after an unassignment is not one either. When the
 * history starts mid-way (first change has a non-null `from`), that `from` is the first owner.
 */
export function countHandoffs(changes: AssignmentChange[]): number {
  let owner: number | null = null;
  let handoffs = 0;
  for (const change of changes) {
    const previous: number | null = owner ?? change.from;
    if (change.to === null) {
      owner = previous;
      continue;
    }
    if (previous !== null && previous !== change.to) handoffs += 1;
    owner = change.to;
  }
  return handoffs;
}

/**
 * `after-engagement` handoffs: the same moves as `countHandoffs`, but a move counts only when
 * the owner it leaves had engaged while it owned the ticket. Until then, moves (a trigger
 * routing at creation, omnichannel routing offering the ticket to one agent and then another)
 * only choose who starts. An unassignment keeps the owner's tenure, so an agent who replied,
 * went offline and was replaced by routing is a handoff; one who never replied is not.
 */
function countEngagedHandoffs(changes: AssignmentChange[], engagements: Engagement[], engagedAs: EngagedAs): number {
  let owner: number | null = null;
  // Engagements since the current owner took over (before any change: whoever owned it then).
  let tenure: Engagement[] = [];
  let handoffs = 0;
  for (const step of inOrder(changes, engagements)) {
    if (step.type === 'engagement') {
      tenure.push(step.engagement);
      continue;
    }
    const { change } = step;
    const previous: number | null = owner ?? change.from;
    if (change.to === null || change.to === previous) {
      owner = previous;
      continue;
    }
    if (previous !== null && tenure.some((engagement) => engagedAs(engagement, previous))) handoffs += 1;
    owner = change.to;
    tenure = [];
  }
  return handoffs;
}

type Step = { type: 'change'; change: AssignmentChange } | { type: 'engagement'; engagement: Engagement };

/**
 * Changes and engagements in time order. Within one update, an agent's reply comes before the
 * update's moves ("passing you to billing" is the old owner speaking), unless the agent took
 * the ticket in that update, when it is the new owner speaking.
 */
function inOrder(changes: AssignmentChange[], engagements: Engagement[]): Step[] {
  const phase = (step: Step) => (step.type === 'change' ? 1 : step.engagement.tookOwnership ? 2 : 0);
  const key = (step: Step) => (step.type === 'change' ? step.change : step.engagement);
  const steps: Step[] = [
    ...changes.map((change): Step => ({ type: 'change', change })),
    ...engagements.map((engagement): Step => ({ type: 'engagement', engagement })),
  ];
  // Stable: changes of one update keep their order.
  return steps.sort(
    (a, b) => key(a).at.getTime() - key(b).at.getTime() || key(a).auditId - key(b).auditId || phase(a) - phase(b),
  );
}
