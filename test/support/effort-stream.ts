/**
 * A seeded synthetic contact center: solved cases (`case:<ticketId>`) and CES answers
 * (`answer:<surveyId>`) as MetricSamples, the way record-samples.ts stores them.
 *
 * Used by the alert simulations, the application-level alert test, the evaluation
 * benchmark and (later) the demo. Same options -> same samples, byte for byte.
 *
 * Model per team and hour:
 * - case count ~ Poisson(casesPerHourPerTeam), each at a random minute of the hour, in a
 *   random channel;
 * - drivers: team handoffs ~ Poisson(0.2) (or the rise's mean while a rise runs for the
 *   team), channel switches ~ Poisson(0.3), agent handoffs ~ Poisson(0.3), reopen with
 *   p = 0.08, repeat contact with p = 0.1, first-contact resolution more likely without
 *   handoffs, switches or a reopen; contacts, resolution time and customer wait follow;
 * - effort index: the real scoreEffort(drivers, DEFAULT_EFFORT_WEIGHTS);
 * - with probability answerRate the customer answers the CES survey 5 min - 3 h after
 *   the solve (answers falling after the stream's end are dropped): 1-7, lower with
 *   handoffs, switches, reopens and repeat contacts, plus noise, rounded and clamped.
 */
import { caseMetricValues, cesMetricValues } from '../../src/domain/alerts/alert-metrics.js';
import { HOUR_MS, type MetricSample } from '../../src/domain/alerts/sample.js';
import { mulberry32, normal, bernoulli, type Rng } from '../../src/domain/alerts/seeded-random.js';
import { segmentsOf, type SegmentWatch } from '../../src/domain/alerts/segments.js';
import type { EffortDrivers, EffortScore } from '../../src/domain/drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, scoreEffort } from '../../src/domain/effort-index.js';

export const NORMAL_TEAM_HANDOFFS_MEAN = 0.2;
export const CHANNEL_SWITCHES_MEAN = 0.3;
export const AGENT_HANDOFFS_MEAN = 0.3;
export const REOPEN_RATE = 0.08;
export const REPEAT_CONTACT_RATE = 0.1;

export interface EffortRise {
  /** Zendesk group id of the team whose cases get more handoffs (several for a broad rise). */
  team: number | readonly number[];
  /** First hour (0-based, counted from startMs) of the rise. */
  fromHour: number;
  /** First hour after the rise; open-ended when absent. */
  toHour?: number;
  /** Mean team handoffs per case during the rise (normally NORMAL_TEAM_HANDOFFS_MEAN). */
  teamHandoffsMean: number;
}

export interface EffortStreamOptions {
  seed: number;
  /** Zendesk group ids. */
  teams: readonly number[];
  /** `via.channel` values, e.g. ['email', 'web', 'chat']. */
  channels: readonly string[];
  /** Start of hour 0, epoch ms; rounded down to the hour. */
  startMs: number;
  hours: number;
  /** Mean cases per hour per team; each hour's count is drawn from a Poisson. */
  casesPerHourPerTeam: number;
  /** Share of cases whose customer answers the CES survey (0-1). */
  answerRate: number;
  rise?: EffortRise;
  /** Ticket ids count up from here (default 100_000); survey ids from 1. */
  firstTicketId?: number;
  /** Default: no tags or forms watched, so segments are 'all' and 'channel:<x>'. */
  watch?: SegmentWatch;
}

/** One synthetic solved case with its samples. */
export interface EffortCase {
  ticketId: number;
  team: number;
  channel: string;
  /** Hour index (from startMs) the case was solved in. */
  hour: number;
  drivers: EffortDrivers;
  score: EffortScore;
  /** CES answer 1-7, or null when the customer did not answer (or answered after the end). */
  ces: number | null;
  caseSample: MetricSample;
  answerSample: MetricSample | null;
}

/** Knuth's method for small means, a rounded normal for large ones (never hit in practice). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) return Math.max(0, Math.round(normal(rng, mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Drivers of one case; teamHandoffsMean is the only thing a rise changes. */
export function drawDrivers(rng: Rng, teamHandoffsMean: number): EffortDrivers {
  const teamHandoffs = poisson(rng, teamHandoffsMean);
  const channelSwitches = poisson(rng, CHANNEL_SWITCHES_MEAN);
  const agentHandoffs = poisson(rng, AGENT_HANDOFFS_MEAN);
  const reopens = bernoulli(rng, REOPEN_RATE);
  const repeatContact = bernoulli(rng, REPEAT_CONTACT_RATE) === 1;
  // Handoffs and switches mean the case was not settled at the first contact.
  const fcrChance = reopens > 0 ? 0 : teamHandoffs > 0 ? 0.15 : channelSwitches > 0 ? 0.35 : 0.75;
  const firstContactResolution = bernoulli(rng, fcrChance) === 1;
  const customerContacts =
    1 + (firstContactResolution ? 0 : 1 + poisson(rng, 0.3 + 0.5 * teamHandoffs + 0.5 * channelSwitches));
  // Resolution around 10 h (log-normal), longer with every handoff; waits around 1 h.
  const resolutionMinutes = Math.round(
    Math.exp(normal(rng, Math.log(600), 0.9)) * (1 + 0.5 * teamHandoffs + 0.3 * reopens),
  );
  const customerWaitMinutes = Math.round(Math.exp(normal(rng, Math.log(60), 1)) * (1 + 0.3 * teamHandoffs));
  return {
    channelSwitches,
    teamHandoffs,
    agentHandoffs,
    reopens,
    customerContacts,
    repeatContact,
    firstContactResolution,
    resolutionMinutes,
    customerWaitMinutes,
  };
}

/** A CES answer 1-7: easy (about 6) without drivers, lower with each handoff, switch, reopen. */
export function drawCes(rng: Rng, drivers: EffortDrivers): number {
  const expected =
    6.1 -
    0.9 * drivers.teamHandoffs -
    0.7 * drivers.channelSwitches -
    0.8 * drivers.reopens -
    0.5 * (drivers.repeatContact ? 1 : 0) -
    0.15 * drivers.agentHandoffs;
  return clamp(Math.round(normal(rng, expected, 1)), 1, 7);
}

/** One case as drawn, before it becomes samples (what the simulations' hourly sums read). */
export interface DrawnCase {
  ticketId: number;
  team: number;
  channel: string;
  hour: number;
  /** Epoch ms. */
  solvedAt: number;
  drivers: EffortDrivers;
  score: EffortScore;
  /** The CES answer, or null when the customer did not answer (or answered after the end). */
  answer: { surveyId: number; at: number; ces: number } | null;
}

export const caseSampleKey = (ticketId: number) => `case:${ticketId}`;
export const answerSampleKey = (surveyId: number) => `answer:${surveyId}`;

/**
 * Every case of the stream, hour by hour, team by team (not sorted by `at` inside an hour;
 * answers may fall into later hours). Lazy: a 90-day stream of millions of cases is never
 * held in memory at once.
 */
export function* drawnCases(options: EffortStreamOptions): Generator<DrawnCase> {
  const rng = mulberry32(options.seed);
  const start = Math.floor(options.startMs / HOUR_MS) * HOUR_MS;
  const end = start + options.hours * HOUR_MS;
  const { rise } = options;
  const risingTeams: readonly number[] =
    rise === undefined ? [] : typeof rise.team === 'number' ? [rise.team] : rise.team;
  let ticketId = options.firstTicketId ?? 100_000;
  let surveyId = 0;
  for (let hour = 0; hour < options.hours; hour++) {
    for (const team of options.teams) {
      const rising =
        rise !== undefined &&
        risingTeams.includes(team) &&
        hour >= rise.fromHour &&
        (rise.toHour === undefined || hour < rise.toHour);
      const handoffsMean = rising ? rise.teamHandoffsMean : NORMAL_TEAM_HANDOFFS_MEAN;
      const count = poisson(rng, options.casesPerHourPerTeam);
      for (let i = 0; i < count; i++) {
        const id = ticketId++;
        const channel = options.channels[Math.floor(rng() * options.channels.length)]!;
        const solvedAt = start + hour * HOUR_MS + Math.floor(rng() * HOUR_MS);
        const drivers = drawDrivers(rng, handoffsMean);
        const score = scoreEffort(drivers, DEFAULT_EFFORT_WEIGHTS);
        let answer: DrawnCase['answer'] = null;
        if (bernoulli(rng, options.answerRate) === 1) {
          const answeredAt = solvedAt + 5 * 60_000 + Math.floor(rng() * 175 * 60_000);
          const ces = drawCes(rng, drivers); // drawn either way, so later cases do not depend on the end
          if (answeredAt < end) answer = { surveyId: ++surveyId, at: answeredAt, ces };
        }
        yield { ticketId: id, team, channel, hour, solvedAt, drivers, score, answer };
      }
    }
  }
}

/** Every case of the stream with its samples, in the order of drawnCases. */
export function* effortCases(options: EffortStreamOptions): Generator<EffortCase> {
  const watch = options.watch ?? { tags: [], formIds: [] };
  for (const { ticketId, team, channel, hour, solvedAt, drivers, score, answer } of drawnCases(options)) {
    const segments = segmentsOf({ channel, tags: [], formId: null }, watch);
    const caseSample: MetricSample = {
      key: caseSampleKey(ticketId),
      ticketId,
      at: new Date(solvedAt),
      team,
      segments,
      values: caseMetricValues(drivers, score),
    };
    const answerSample: MetricSample | null = answer && {
      key: answerSampleKey(answer.surveyId),
      ticketId,
      at: new Date(answer.at),
      team,
      segments: [...segments],
      values: cesMetricValues(answer.ces),
    };
    yield { ticketId, team, channel, hour, drivers, score, ces: answer?.ces ?? null, caseSample, answerSample };
  }
}

/** Every sample of the stream, in the order effortCases yields them (case, then its answer). */
export function* effortSamples(options: EffortStreamOptions): Generator<MetricSample> {
  for (const c of effortCases(options)) {
    yield c.caseSample;
    if (c.answerSample) yield c.answerSample;
  }
}

/** Every sample of the stream sorted by time (ties by key): the order they would arrive in. */
export function generateEffortStream(options: EffortStreamOptions): MetricSample[] {
  const samples = [...effortSamples(options)];
  return samples.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
