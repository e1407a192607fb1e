/** How a demo customer answers the effort survey: fewer handoffs and switches, better scores. */
import { normal } from '../src/domain/alerts/seeded-random.js';
import type { DemoAnswer, DemoCase } from './scenario-model.js';
import { pick, streamFor } from './scenario-random.js';
import { VERBATIMS } from './scenario-text.js';

const P_STOP = 0.03;
const P_SILENT = 0.3;
const P_VERBATIM = 0.6;

/** Deterministic per (seed, ticket id). */
export function customerAnswer(seed: number, demoCase: DemoCase): DemoAnswer {
  const rng = streamFor(seed, 31, demoCase.ticket.id);
  const draw = rng();
  if (draw < P_STOP) return { kind: 'stop' };
  if (draw < P_STOP + P_SILENT) return { kind: 'silent' };
  const { teamHandoffs, channelSwitches, reopened } = demoCase.facts;
  const mean = 6.3 - 1.1 * teamHandoffs - 0.8 * channelSwitches - 1.2 * (reopened ? 1 : 0);
  const score = Math.round(Math.min(7, Math.max(1, mean + normal(rng, 0, 0.9))));
  const verbatim =
    score <= 3 && rng() < P_VERBATIM
      ? pick(rng, VERBATIMS[demoCase.customer.user.locale === 'nl' ? 'nl' : 'en'])
      : null;
  return { kind: 'score', score, verbatim };
}
