import { describe, expect, it } from 'vitest';
import { countAgentHandoffs, countTeamHandoffs } from '../../src/domain/count-handoffs.js';
import type { AssignmentChange, Engagement } from '../../src/domain/timeline.js';

const T0 = new Date('2025-04-07T09:00:00Z').getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** Steps of one ticket; an audit id per minute, so steps in the same minute are one update. */
type Step =
  | { move: 'group' | 'assignee'; minute: number; from: number | null; to: number | null }
  | { engage: number; minute: number; tookOwnership?: boolean };

function split(steps: Step[]): { changes: AssignmentChange[]; engagements: Engagement[] } {
  const changes: AssignmentChange[] = [];
  const engagements: Engagement[] = [];
  for (const step of steps) {
    if ('move' in step)
      changes.push({ auditId: step.minute, at: at(step.minute), kind: step.move, from: step.from, to: step.to });
    else
      engagements.push({
        auditId: step.minute,
        at: at(step.minute),
        agentId: step.engage,
        tookOwnership: step.tookOwnership ?? false,
      });
  }
  return { changes, engagements };
}

const count = (steps: Step[]) => {
  const { changes, engagements } = split(steps);
  return {
    team: countTeamHandoffs(changes, engagements, 'after-engagement'),
    agent: countAgentHandoffs(changes, engagements, 'after-engagement'),
  };
};

describe('after-engagement handoffs: order within one update', () => {
  it.each<{ name: string; steps: Step[]; expected: { team: number; agent: number } }>([
    {
      name: 'a reply and a move in one update: the old team spoke, then passed it on',
      steps: [
        { move: 'group', minute: 0, from: null, to: 1 },
        { engage: 11, minute: 5 },
        { move: 'group', minute: 5, from: 1, to: 2 },
      ],
      expected: { team: 1, agent: 0 },
    },
    {
      name: 'an agent takes the ticket into their team and replies in one update: the new team spoke',
      steps: [
        { move: 'group', minute: 0, from: null, to: 1 },
        { engage: 21, minute: 5, tookOwnership: true },
        { move: 'group', minute: 5, from: 1, to: 2 },
        { move: 'assignee', minute: 5, from: null, to: 21 },
      ],
      expected: { team: 0, agent: 0 },
    },
    {
      name: 'back to the first team from a team that never answered',
      steps: [
        { move: 'group', minute: 0, from: null, to: 1 },
        { engage: 11, minute: 5 },
        { move: 'group', minute: 6, from: 1, to: 2 },
        { move: 'group', minute: 30, from: 2, to: 1 },
      ],
      expected: { team: 1, agent: 0 },
    },
    {
      name: 'an engagement by another agent does not make the assignee engaged',
      steps: [
        { move: 'assignee', minute: 0, from: null, to: 31 },
        { engage: 32, minute: 5 },
        { move: 'assignee', minute: 6, from: 31, to: 33 },
      ],
      expected: { team: 0, agent: 0 },
    },
  ])('$name', ({ steps, expected }) => {
    expect(count(steps)).toEqual(expected);
  });
});
