import type { RecordedCall } from '../demo/stand-ins/start-stand-ins.js';
import { phoneOf } from '../test/pipeline/solved-world.js';

/** What the drain asked the stand-ins, per ticket: which calls, and how many had to wait for the one before. */
export interface CallProfile {
  /** Average calls per ticket, by endpoint (`zendesk GET ticket`, `twilio POST message`, ...). */
  perTicket: Record<string, number>;
  /** Average of the longest chain of calls of one ticket that did not overlap: its upstream round trips one after another. */
  sequentialRounds: number;
  /** The same, for the delivery (sync) and for each outbox message kind. */
  sequentialByStage: { sync: number; writeBack: number; sms: number };
}

const STAGE_OF: Record<string, keyof CallProfile['sequentialByStage']> = {
  'zendesk GET ticket (sync)': 'sync',
  'zendesk GET audits': 'sync',
  'zendesk GET user': 'sync',
  'zendesk GET ticket (write-back)': 'writeBack',
  'zendesk PUT ticket': 'writeBack',
  'twilio GET messages': 'sms',
  'twilio POST message': 'sms',
};

export function profileCalls(
  logs: { zendesk: RecordedCall[]; twilio: RecordedCall[] },
  ids: number[],
  delayMs: number,
): CallProfile {
  const byPhone = new Map(ids.map((id) => [phoneOf(id), id]));
  const wanted = new Set(ids);
  const perTicket = new Map<number, Array<{ endpoint: string; call: RecordedCall }>>();
  const add = (id: number | undefined, endpoint: string, call: RecordedCall) => {
    if (id === undefined || !wanted.has(id)) return;
    const list = perTicket.get(id) ?? [];
    list.push({ endpoint, call });
    perTicket.set(id, list);
  };
  for (const call of logs.zendesk) {
    const ticket = /^\/api\/v2\/tickets\/(\d+)(\.json|\/audits\.json)$/.exec(call.path);
    const user = /^\/api\/v2\/users\/(\d+)\.json$/.exec(call.path);
    if (ticket) add(Number(ticket[1]), `zendesk ${call.method} ${ticket[2] === '.json' ? 'ticket' : 'audits'}`, call);
    else if (user) add(Number(user[1]) - 900_000, 'zendesk GET user', call);
  }
  for (const call of logs.twilio) {
    const to = call.method === 'GET' ? call.query.To : (call.body as Record<string, string> | null)?.To;
    add(byPhone.get(to ?? ''), `twilio ${call.method} ${call.method === 'GET' ? 'messages' : 'message'}`, call);
  }

  const counts: Record<string, number> = {};
  const rounds = { all: 0, sync: 0, writeBack: 0, sms: 0 };
  for (const calls of perTicket.values()) {
    calls.sort((a, b) => a.call.at.getTime() - b.call.at.getTime());
    // The sync reads the ticket with its users sideloaded (`include=users`); a read without
    // them is the write-back's, after a 409.
    const named = calls.map((c) =>
      c.endpoint === 'zendesk GET ticket'
        ? { ...c, endpoint: `zendesk GET ticket (${c.call.query.include === 'users' ? 'sync' : 'write-back'})` }
        : c,
    );
    for (const c of named) counts[c.endpoint] = (counts[c.endpoint] ?? 0) + 1;
    rounds.all += chain(
      named.map((c) => c.call),
      delayMs,
    );
    for (const stage of ['sync', 'writeBack', 'sms'] as const)
      rounds[stage] += chain(
        named.filter((c) => STAGE_OF[c.endpoint] === stage).map((c) => c.call),
        delayMs,
      );
  }
  const n = Math.max(1, perTicket.size);
  return {
    perTicket: Object.fromEntries(Object.entries(counts).map(([endpoint, count]) => [endpoint, count / n])),
    sequentialRounds: rounds.all / n,
    sequentialByStage: { sync: rounds.sync / n, writeBack: rounds.writeBack / n, sms: rounds.sms / n },
  };
}

/**
 * The most calls that ran one after another: each call took [answer - delay, answer], and
 * a greedy pick by earliest answer gives the largest set of calls no two of which overlapped.
 */
function chain(calls: RecordedCall[], delayMs: number): number {
  let count = 0;
  let freeAt = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (call.at.getTime() - delayMs >= freeAt - 1) {
      count += 1;
      freeAt = call.at.getTime();
    }
  }
  return count;
}
