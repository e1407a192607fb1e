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
  /** The journey rule's sampling rate when planned (1 = every eligible ticket); weight an answer by 1 / rate. */
  sampleRate: number;
  /** `ease` or `agreement` for CES (src/domain/survey/wording.ts); null for CSAT and NPS. */
  wording: string | null;
  /** The exact texts asked, as wording plus fingerprint; stored with each answer. */
  wordingVersion: string | null;
  /** When the one reminder went out; null while none did. */
  reminderSentAt: Date | null;
  /** 1-based position of the journey rule that chose the question (surveys.rules); null for the default. */
  journeyRule: number | null;
  /** 1 for the ticket's first survey; each new resolution asked again (`surveys.againOnNewResolution`) adds one. */
  round: number;
  createdAt: Date;
  updatedAt: Date;
}

type DefaultedFields = 'sampleRate' | 'wording' | 'wordingVersion' | 'reminderSentAt' | 'round' | 'journeyRule';
/** Sampling, wording, reminder and round default to everyone, unknown, none and the first. */
export type NewSurvey = Omit<SurveyRecord, 'id' | 'createdAt' | 'updatedAt' | DefaultedFields> &
  Partial<Pick<SurveyRecord, DefaultedFields>>;
export type SurveyPatch = Partial<Omit<SurveyRecord, 'id' | 'ticketId' | 'createdAt' | 'updatedAt'>>;

export interface SurveyStore {
  /** Creates the ticket's survey of that round, or replaces a cancelled one that was never sent. */
  upsertForTicket(survey: NewSurvey, now: Date): Promise<SurveyRecord>;
  /** The ticket's latest survey (highest round). */
  getByTicket(ticketId: number): Promise<SurveyRecord | null>;
  getById(id: number): Promise<SurveyRecord | null>;
  update(id: number, patch: SurveyPatch, now: Date): Promise<SurveyRecord>;
  /** The newest survey sent to this address, whatever its status. */
  latestSentToAddress(address: string): Promise<SurveyRecord | null>;
  findByProviderMessageId(providerMessageId: string): Promise<SurveyRecord | null>;
  /** When a survey was last sent to this customer (cooldown). */
  lastSentToCustomer(customerId: number): Promise<Date | null>;
  /** Every survey counted by channel, journey rule, status and skip rule (rates for /metrics and the API). */
  countOutcomes(): Promise<SurveyOutcomeCount[]>;
  /** Surveys sent and answered per channel, for those sent in [since, until). */
  countByChannel(range: { since: Date; until: Date }): Promise<ChannelSurveyCounts[]>;
}

export interface SurveyOutcomeCount {
  channel: string | null;
  journeyRule: number | null;
  status: string;
  skipRule: string | null;
  /** The survey reached the provider (it has a send time). */
  sent: boolean;
  /** The customer answered (a score or words). */
  answered: boolean;
  count: number;
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
