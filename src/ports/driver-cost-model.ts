/**
 * The driver-cost model: how much each effort driver costs in CES, estimated from answered
 * cases, and how well the effort index predicts the answers. The dashboard only shows what
 * the model returns; the composition root chooses the model (src/domain/effort-model once
 * it exists, until then DRIVER_COST_MODEL_PENDING).
 */

export interface AnsweredCase {
  ticketId: number;
  effortIndex: number;
  /** CES answer, 1 (very difficult) to 7 (very easy). */
  score: number;
  drivers: {
    channelSwitches: number;
    teamHandoffs: number;
    agentHandoffs: number;
    reopens: number;
    repeatContact: boolean;
    firstContactResolution: boolean;
    resolutionMinutes: number | null;
  };
}

export interface DriverCost {
  driver: string;
  label: string;
  /** Change in CES per unit of the driver (one handoff, one switch, a reopen...). */
  effect: number;
  low: number;
  high: number;
  /** Answered cases the estimate rests on. */
  n: number;
}

export interface DriverCostReport {
  /** False while no model is wired in: the dashboard says so instead of showing figures. */
  available: boolean;
  /** False when there are too few answers for trustworthy estimates (the message says how many are needed). */
  enoughAnswers: boolean;
  answers: number;
  /** One plain sentence for the lead. */
  message: string;
  costs: DriverCost[];
  /** Rank correlation of the effort index with the answers (negative: a higher index, a harder case). */
  indexPrediction: { spearman: number; low: number; high: number; n: number } | null;
}

export interface DriverCostModel {
  estimate(cases: AnsweredCase[]): DriverCostReport;
}
