import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScoringInForce } from '../../src/app/effort-model/scoring-in-force.js';
import { EventBus } from '../../src/app/event-bus.js';
import { syncTicket, type TicketSyncDeps } from '../../src/app/sync-ticket.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS, mergeEffortWeights } from '../../src/domain/effort-index.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { openTestStore } from '../support/store.js';

const REQUESTER = 9001;
const AGENT = 7002;
const at = (h: number, m = 0) => new Date(Date.UTC(2025, 2, 3, h, m));
const comment = (authorId: number): AuditEvent => ({ kind: 'comment', authorId, public: true, voice: false });

let store: Store;
let zendesk: FakeZendesk;

beforeEach(async () => {
  store = await openTestStore();
  zendesk = new FakeZendesk();
  zendesk.tickets.set(501, {
    id: 501,
    requesterId: REQUESTER,
    status: 'solved',
    groupId: 2,
    assigneeId: AGENT,
    channel: 'email',
    tags: [],
    formId: null,
    type: null,
    subject: 'Refund',
    createdAt: at(9),
    updatedAt: at(12),
  });
  const audits: TicketAudit[] = [
    {
      id: 1,
      ticketId: 501,
      createdAt: at(9),
      authorId: REQUESTER,
      channel: 'email',
      events: [comment(REQUESTER), { kind: 'group', value: 1, previous: null }],
    },
    // A trigger routes the new ticket from the default group to its team in the same minute.
    {
      id: 2,
      ticketId: 501,
      createdAt: at(9, 1),
      authorId: -1,
      channel: 'rule',
      events: [{ kind: 'group', value: 2, previous: 1 }],
    },
    {
      id: 3,
      ticketId: 501,
      createdAt: at(11),
      authorId: AGENT,
      channel: 'web',
      events: [comment(AGENT), { kind: 'status', value: 'solved', previous: 'new' }],
    },
  ];
  zendesk.audits.set(501, audits);
});
afterEach(async () => {
  await store.close();
});

function deps(overrides: Partial<TicketSyncDeps> = {}): TicketSyncDeps {
  const logger = createLogger({ level: 'silent' });
  return {
    zendesk,
    store,
    events: new EventBus(),
    clock: { now: () => at(15) },
    logger,
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    effortFieldId: null,
    ...overrides,
  };
}

describe('syncTicket counts drivers by the configured definitions', () => {
  it('by default, routing before anyone engaged is not a handoff', async () => {
    await syncTicket(deps(), 501);
    expect((await store.tickets.getEffort(501))?.drivers).toMatchObject({
      teamHandoffs: 0,
      firstContactResolution: true,
    });
  });

  it('with drivers.handoffs "any-change", the same routing counts', async () => {
    await syncTicket(deps({ driverDefinitions: { ...DEFAULT_DRIVER_DEFINITIONS, handoffs: 'any-change' } }), 501);
    expect((await store.tickets.getEffort(501))?.drivers).toMatchObject({
      teamHandoffs: 1,
      firstContactResolution: false,
    });
  });
});

describe('syncTicket and the topic of a repeat contact', () => {
  const sameTopicForm = {
    ...DEFAULT_DRIVER_DEFINITIONS,
    repeatContact: { windowDays: 7, sameTopic: 'form' as const, tags: [] },
  };
  const sameTopicTags = {
    ...DEFAULT_DRIVER_DEFINITIONS,
    repeatContact: { windowDays: 7, sameTopic: 'tags' as const, tags: ['billing', 'delivery'] },
  };

  async function earlierTicket(formId: number | null, tags: string[]) {
    const base = zendesk.tickets.get(501)!;
    await store.tickets.upsertTicket({ ...base, id: 400, formId, tags, createdAt: at(8), status: 'solved' }, at(8));
  }
  const repeat = async () => (await store.tickets.getEffort(501))?.drivers.repeatContact;

  it('with sameTopic "form", an earlier ticket on another form is not a repeat', async () => {
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, formId: 78 });
    await earlierTicket(77, []);
    await syncTicket(deps({ driverDefinitions: sameTopicForm }), 501);
    expect(await repeat()).toBe(false);
    await syncTicket(deps(), 501); // the default rule: any ticket in the window
    expect(await repeat()).toBe(true);
  });

  it('with sameTopic "form", an earlier ticket on the same form is', async () => {
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, formId: 77 });
    await earlierTicket(77, []);
    await syncTicket(deps({ driverDefinitions: sameTopicForm }), 501);
    expect(await repeat()).toBe(true);
  });

  it('with sameTopic "tags", only a shared tag from the configured set makes it one', async () => {
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, tags: ['billing', 'vip'] });
    await earlierTicket(null, ['vip']);
    await syncTicket(deps({ driverDefinitions: sameTopicTags }), 501);
    expect(await repeat()).toBe(false);
    await earlierTicket(null, ['vip', 'billing']);
    await syncTicket(deps({ driverDefinitions: sameTopicTags }), 501);
    expect(await repeat()).toBe(true);
  });
});

describe('syncTicket with the scoring in force', () => {
  it('counts and scores with it and records its version', async () => {
    const scoring = new ScoringInForce(
      { ...DEFAULT_DRIVER_DEFINITIONS, handoffs: 'any-change' },
      DEFAULT_EFFORT_WEIGHTS,
    );
    scoring.use(mergeEffortWeights({ teamHandoff: 40 }));
    await syncTicket(deps({ scoring }), 501);
    const effort = await store.tickets.getEffort(501);
    expect(effort?.drivers.teamHandoffs).toBe(1);
    expect(effort?.score.contributions.find((c) => c.driver === 'teamHandoffs')?.points).toBe(40);
    expect(await store.tickets.countTicketsScoredOtherThan(scoring.current().version)).toBe(0);
  });
});
