import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import {
  endState,
  outsideWorld,
  ProcessDied,
  queueSolvedDeliveries,
  runUntilIdleOrDeath,
  startProcess,
  tempDatabase,
} from './crash-harness.js';

/**
 * "Nothing lost, nothing twice": a process dies at one store call (every step boundary in
 * turn), a new process starts on the same database after the lease ran out, and the end state
 * is the one a run without the crash reaches: one survey SMS and one effort write-back per
 * ticket, every delivery done, every message sent.
 */
const TICKETS = [501];

async function cleanRun(ticketIds: number[]) {
  const db = tempDatabase();
  const world = outsideWorld(ticketIds);
  const first = await startProcess(db.url, world, 0);
  await queueSolvedDeliveries(first.real, ticketIds);
  await first.service.workers.runUntilIdle();
  const state = await endState(first.real, world, ticketIds);
  await first.service.close();
  db.remove();
  return state;
}

/** Dies at each of `deaths` store calls in turn (one process per death), then a survivor finishes the work. */
async function runWithDeaths(ticketIds: number[], deaths: number[]) {
  const db = tempDatabase();
  const world = outsideWorld(ticketIds);
  let minutes = 0;
  let died = 0;
  // The webhooks were stored and acknowledged before anything else happened.
  const intake = await openStore(db.url, { migrate: true });
  await queueSolvedDeliveries(intake, ticketIds);
  await intake.close();
  for (const diesAt of deaths) {
    died += (await liveUntilDeath(db.url, world, minutes, diesAt)) ? 1 : 0;
    minutes += 1; // longer than a lease: what the dead process held is due again
  }
  const survivor = await startProcess(db.url, world, minutes);
  await survivor.service.workers.runUntilIdle();
  const state = await endState(survivor.real, world, ticketIds);
  await survivor.service.close();
  db.remove();
  return { state, died };
}

/** One process's life: it may die while starting (reading the alert sums) or while working. */
async function liveUntilDeath(
  url: string,
  world: ReturnType<typeof outsideWorld>,
  minutes: number,
  diesAt: number,
): Promise<boolean> {
  let process: Awaited<ReturnType<typeof startProcess>> | null = null;
  try {
    process = await startProcess(url, world, minutes, { diesAt });
    return await runUntilIdleOrDeath(process.service);
  } catch (error) {
    if (error instanceof ProcessDied) return true;
    throw error;
  } finally {
    await process?.real.close();
  }
}

describe('a crash at any step, then a restart', () => {
  it('ends in the state of a run without the crash, at every store call of the run', async () => {
    const expected = await cleanRun(TICKETS);
    expect(expected).toMatchObject({
      inbox: { done: 1 },
      outbox: { sent: 2 },
      smsPerTicket: [1],
      zendeskWritesPerTicket: [1],
    });
    expect(expected.surveys[0]).toMatchObject({ status: 'sent', channel: 'sms' });

    // Count the store calls of a clean run, then die at each one of them.
    const counting = await (async () => {
      const db = tempDatabase();
      const world = outsideWorld(TICKETS);
      const process = await startProcess(db.url, world, 0, { diesAt: Number.POSITIVE_INFINITY });
      await queueSolvedDeliveries(process.real, TICKETS);
      await process.service.workers.runUntilIdle();
      await process.service.close();
      db.remove();
      return process.storeCalls();
    })();
    expect(counting).toBeGreaterThan(10);
    for (let diesAt = 1; diesAt <= counting; diesAt++) {
      const { state, died } = await runWithDeaths(TICKETS, [diesAt]);
      expect(died, `the process should die at call ${diesAt}`).toBe(1);
      expect(state, `after dying at store call ${diesAt}`).toEqual(expected);
    }
  });

  it('holds for several tickets and several crashes at random points (property)', async () => {
    const tickets = [601, 602, 603];
    const expected = await cleanRun(tickets);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 3 }), async (deaths) => {
        const { state } = await runWithDeaths(tickets, deaths);
        expect(state).toEqual(expected);
      }),
      { numRuns: 15, seed: 20261130 },
    );
  });
});
