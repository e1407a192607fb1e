/** The child side of stand-ins-process.ts: starts the world, answers for the call logs and its CPU time, ends on SIGTERM. */
import { startWorld, type World } from '../test/pipeline/solved-world.js';

let world: World | null = null;
process.on('message', async (message: { kind: string; ids?: number[]; delayMs?: number; now?: number }) => {
  if (message.kind === 'start') {
    world = await startWorld(message.ids ?? [], message.delayMs ?? 0, message.now ? { now: message.now } : {});
    process.send?.({
      kind: 'ready',
      zendeskUrl: world.standIns.zendesk.url,
      twilioUrl: world.standIns.twilio.url,
      zone: world.zone,
    });
  } else if (message.kind === 'cpu') {
    process.send?.({ kind: 'cpu', usage: process.cpuUsage() });
  } else if (message.kind === 'calls' && world) {
    process.send?.({
      kind: 'calls',
      zendesk: world.standIns.zendesk.state.calls,
      twilio: world.standIns.twilio.state.calls,
    });
  }
});
process.on('SIGTERM', () => {
  void (world?.standIns.stop() ?? Promise.resolve()).then(() => process.exit(0));
});
