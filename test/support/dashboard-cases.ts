import type { EffortDrivers } from '../../src/domain/drivers.js';
import type { SurveyKind } from '../../src/domain/survey/survey.js';
import type { Store } from '../../src/ports/store.js';
import { newSurvey } from './new-survey.js';

export interface SeedCase {
  id: number;
  createdAt: Date;
  /** Minutes to solve; null leaves the case open (its day is then its creation day). */
  resolutionMinutes?: number | null;
  team?: number | null;
  channel?: string;
  form?: number | null;
  effortIndex?: number;
  drivers?: Partial<EffortDrivers>;
  survey?: { kind?: SurveyKind; channel?: 'sms' | 'slack'; score: number | null; verbatim?: string | null };
}

/** Stores one case through the store's ports, the way the sync does: ticket, effort, then survey. */
export async function seedCase(store: Store, c: SeedCase): Promise<void> {
  const resolution = c.resolutionMinutes === undefined ? 60 : c.resolutionMinutes;
  const solvedAt = new Date(c.createdAt.getTime() + (resolution ?? 0) * 60_000);
  await store.tickets.upsertTicket(
    {
      id: c.id,
      requesterId: 10_000 + c.id,
      status: resolution === null ? 'open' : 'solved',
      groupId: c.team === undefined ? 1 : c.team,
      assigneeId: 7,
      channel: c.channel ?? 'email',
      tags: [],
      formId: c.form ?? null,
      type: null,
      subject: `Case ${c.id}`,
      createdAt: c.createdAt,
      updatedAt: solvedAt,
    },
    solvedAt,
  );
  const index = c.effortIndex ?? 20;
  await store.tickets.saveEffort(
    c.id,
    {
      ticketId: c.id,
      requesterId: 10_000 + c.id,
      createdAt: c.createdAt,
      touches: [],
      assignments: [],
      statusChanges: [],
    },
    {
      channelSwitches: 0,
      teamHandoffs: 0,
      agentHandoffs: 0,
      reopens: 0,
      customerContacts: 1,
      repeatContact: false,
      firstContactResolution: true,
      resolutionMinutes: resolution,
      customerWaitMinutes: 0,
      ...c.drivers,
    },
    {
      index,
      level: index >= 60 ? 'high' : index >= 30 ? 'medium' : 'low',
      contributions:
        index > 0 ? [{ driver: 'teamHandoffs', points: index, detail: `passed between teams (${index} points)` }] : [],
    },
    solvedAt,
  );
  if (!c.survey) return;
  const survey = await store.surveys.upsertForTicket(
    newSurvey(c.id, {
      customerId: 10_000 + c.id,
      kind: c.survey.kind ?? 'CES',
      channel: c.survey.channel ?? 'sms',
      status: 'sent',
      language: 'en',
      address: '+31600000000',
      scheduledFor: solvedAt,
      sentAt: solvedAt,
      groupId: c.team ?? null,
      assigneeId: 7,
      effortIndex: index,
    }),
    solvedAt,
  );
  if (c.survey.score !== null)
    await store.surveys.update(
      survey.id,
      { status: 'answered', score: c.survey.score, verbatim: c.survey.verbatim ?? null, answeredAt: solvedAt },
      solvedAt,
    );
}
