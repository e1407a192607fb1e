import type { SurveyChannel, SurveyKind, SurveyStatus } from '../domain/survey/survey.js';

export interface SurveyRecord {
  id: number;
  ticketId: number;
  customerId: number | null;
  kind: SurveyKind;
  channel: SurveyChannel | null;
  /** Why this channel was chosen (rule, last-used channel, fallback); null on surveys from before it was kept. */
  channelReason: string | null;
  status: SurveyStatus;
  skipRule: string | null;
  skipReason: string | null;
  language: string;
  address: string | null;
  scheduledFor: Date | null;
  sentAt: Date | null;
  providerMessageId: string | null;
  slackChannel: string | null;
  deliveryStatus: string | null;
  deliveryError: string | null;
  score: number | null;
  comment: string | null;
  verbatim: string | null;
  answeredAt: Date | null;
  groupId: number | null;
  assigneeId: number | null;
  effortIndex: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSurvey = Omit<SurveyRecord, 'id' | 'createdAt' | 'updatedAt'>;
export type SurveyPatch = Partial<Omit<SurveyRecord, 'id' | 'ticketId' | 'createdAt' | 'updatedAt'>>;

export interface SurveyStore {
  /** Creates the ticket's survey, or replaces a cancelled one that was never sent. */
  upsertForTicket(survey: NewSurvey, now: Date): Promise<SurveyRecord>;
  getByTicket(ticketId: number): Promise<SurveyRecord | null>;
  getById(id: number): Promise<SurveyRecord | null>;
  update(id: number, patch: SurveyPatch, now: Date): Promise<SurveyRecord>;
  /** The newest survey sent to this address, whatever its status. */
  latestSentToAddress(address: string): Promise<SurveyRecord | null>;
  findByProviderMessageId(providerMessageId: string): Promise<SurveyRecord | null>;
  /** When a survey was last sent to this customer (cooldown). */
  lastSentToCustomer(customerId: number): Promise<Date | null>;
  /** Surveys sent and answered per channel, for those sent in [since, until). */
  countByChannel(range: { since: Date; until: Date }): Promise<ChannelSurveyCounts[]>;
}

export interface ChannelSurveyCounts {
  channel: SurveyChannel;
  sent: number;
  /** Sent surveys that have a score. */
  answered: number;
  /** Low-score answers that also told us what made it hard. */
  withVerbatim: number;
}

export interface OptOutStore {
  isOptedOut(address: string): Promise<boolean>;
  set(address: string, optedOut: boolean, source: string, now: Date): Promise<void>;
}
