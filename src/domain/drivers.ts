/** Effort drivers of one case; the names are part of the public API (docs/contract.md). */
export interface EffortDrivers {
  channelSwitches: number;
  teamHandoffs: number;
  agentHandoffs: number;
  reopens: number;
  customerContacts: number;
  repeatContact: boolean;
  firstContactResolution: boolean;
  /** Minutes from creation to the last solve; null while unsolved. */
  resolutionMinutes: number | null;
  /** Minutes the customer spent waiting for an agent's public reply after writing. */
  customerWaitMinutes: number;
}

export type DriverName =
  | 'channelSwitches'
  | 'teamHandoffs'
  | 'agentHandoffs'
  | 'reopens'
  | 'extraContacts'
  | 'repeatContact'
  | 'notFirstContactResolution'
  | 'slowResolution'
  | 'customerWait';

export interface DriverContribution {
  driver: DriverName;
  points: number;
  detail: string;
}

export type EffortLevel = 'low' | 'medium' | 'high';

export interface EffortScore {
  index: number;
  level: EffortLevel;
  contributions: DriverContribution[];
}
