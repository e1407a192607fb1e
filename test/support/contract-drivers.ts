import type { EffortDrivers } from '../../src/domain/drivers.js';

/** The drivers of the example in docs/contract.md (effort index 62 with the default weights). */
export const CONTRACT_DRIVERS: EffortDrivers = Object.freeze({
  channelSwitches: 2,
  teamHandoffs: 2,
  agentHandoffs: 1,
  reopens: 0,
  customerContacts: 3,
  repeatContact: false,
  firstContactResolution: false,
  resolutionMinutes: 290,
  customerWaitMinutes: 0,
});
