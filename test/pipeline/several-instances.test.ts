import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import { createTestPostgresDatabase } from '../support/store.js';
import {
  freePort,
  queueCounts,
  serviceEnv,
  serviceFolder,
  settled,
  sleep,
  spawnService,
  streamSolvedWebhooks,
  until,
  waitReady,
  type ServiceProcess,
} from './service-process.js';
import { CREDENTIALS, FINAL_GROUP, startWorld } from './solved-world.js';

/**
 * Several instances on one PostgreSQL database (issue 16): three `effortless serve`
 * processes take 600 signed solved-ticket webhooks, round robin as a load balancer would
 * spread them; one is killed with SIGKILL a third of the way through and stays dead, its
 * leased work taken over by the other two. In the end every ticket has exactly one survey
 * SMS and one effort write-back, and the rise in team handoffs the stream carries (60 % of
 * its tickets were handed over, against 10 % in the stored four weeks before) is alerted
 * once, although all three evaluate every three seconds.
 */
// 600 keeps the file under a minute on two cores; SEVERAL_INSTANCES_TICKETS=2000 runs issue 16's full stream.
const TICKETS = Array.from({ length: Number(process.env.SEVERAL_INSTANCES_TICKETS ?? 600) }, (_, i) => 100_001 + i);
const HANDED_OVER = (id: number) => id % 5 < 3;
const DAY = 86_400_000;

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** Four weeks of solved cases in the team before today, 10 % of them handed over: the alerts' baseline. */
function baseline(now: number): MetricSample[] {
  return Array.from({ length: 300 }, (_, i) => ({
    key: `case:${i + 1}`,
    ticketId: i + 1,
    at: new Date(now - 2 * DAY - i * 2 * 3_600_000),
    team: FINAL_GROUP,
    segments: ['all', 'channel:sms'],
    values: { team_handoffs: i % 10 === 0 ? 1 : 0, channel_switches: 0, reopen_rate: 0, repeat_contact_rate: 0 },
  }));
}

describe('three instances on one PostgreSQL database, one killed mid-way', () => {
  it('sends one survey and one write-back per ticket, and one alert for the rise', async () => {
    const began = Date.now();
    const world = await startWorld(TICKETS, 5, { handedOver: HANDED_OVER });
    cleanup.push(() => world.standIns.stop());
    const databaseUrl = await createTestPostgresDatabase();
    const seeding = await openStore(databaseUrl, { migrate: true });
    await seeding.alertSamples.recordMany(baseline(Date.now()));
    await seeding.close();

    const folder = serviceFolder();
    cleanup.push(folder.remove);
    const config = join(folder.dir, 'effortless.config.json');
    writeFileSync(config, JSON.stringify({ alerts: { evaluateEveryMinutes: 0.05 } }));
    const slack = world.standIns.slack;
    const instances: Array<{ url: string; service: ServiceProcess }> = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const env = serviceEnv(world, databaseUrl, port, {
        // Long enough that a busy instance renews in time (two cores for three instances and
        // PostgreSQL), short enough that the killed one's rows come back within the test.
        WORK_LEASE_SECONDS: '6',
        UPSTREAM_TIMEOUT_SECONDS: '5',
        DATABASE_POOL_SIZE: '8',
        EFFORTLESS_CONFIG: config,
        SLACK_BOT_TOKEN: CREDENTIALS.slack.botToken,
        SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests',
        SLACK_API_URL: `${slack.url}/api/`,
        SLACK_ALERT_CHANNEL: CREDENTIALS.slack.channels.leads,
      });
      const service = spawnService(folder.dir, env);
      cleanup.push(() => service.child.kill('SIGKILL'));
      instances.push({ url: `http://127.0.0.1:${port}`, service });
    }
    await Promise.all(instances.map(({ service, url }) => waitReady(service, url)));

    const urls = instances.map((instance) => instance.url);
    const streaming = streamSolvedWebhooks(urls, world.tickets, { concurrency: 6, gapMs: 0 });
    const victim = instances[1] as (typeof instances)[number];
    await until(
      () => world.standIns.twilio.state.messages.length >= TICKETS.length / 3,
      'a third of the surveys sent',
      120_000,
    );
    victim.service.child.kill('SIGKILL');
    expect((await victim.service.exited).signal).toBe('SIGKILL');
    expect(world.allReached(), 'the kill should come while work is left').toBe(false);
    urls.splice(1, 1); // the load balancer stops sending to the dead instance

    const posts = await streaming;
    await until(() => world.allReached(), 'a survey SMS and a write-back for every ticket', 180_000);
    // The alert's Slack post goes through the outbox too: one message beside the tickets' two each.
    await until(async () => settled(await queueCounts(databaseUrl), TICKETS.length, 1), 'empty queues', 60_000);
    await sleep(4_000); // one more evaluation round on both instances
    for (const { service } of instances.filter((instance) => instance !== victim)) {
      service.child.kill('SIGTERM');
      expect((await service.exited).code, service.output()).toBe(0);
    }

    const counts = world.counts();
    expect(
      counts.sms.filter((n) => n !== 1),
      'tickets without exactly one survey SMS',
    ).toEqual([]);
    expect(
      counts.writeBacks.filter((n) => n !== 1),
      'tickets without exactly one write-back',
    ).toEqual([]);
    expect(await queueCounts(databaseUrl)).toEqual({
      inbox: { done: TICKETS.length },
      outbox: { sent: 2 * TICKETS.length + 1 },
    });

    const alertPosts = slack.state.messages.filter(
      (message) => message.channel === CREDENTIALS.slack.channels.leads && message.thread_ts === null,
    );
    const store = await openStore(databaseUrl, { migrate: false });
    const alerts = await store.alerts.listRecent(10);
    await store.close();
    expect(alerts.map((alert) => alert.subject)).toEqual([`group:${FINAL_GROUP}`]);
    expect(alertPosts, 'one alert posted for the rise').toHaveLength(1);
    console.info(
      `several instances: ${TICKETS.length} tickets, ${posts} webhook posts, ${alertPosts.length} alert, ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
  }, 420_000); // an upper bound: 36 s alone on two cores (2,000 tickets took 55-83 s in the suite, over the minute a file may take)
});
