import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../integrations/http/retry-after.js';

const now = Date.parse('2025-03-05T10:00:00Z');

describe('Retry-After', () => {
  it('reads delay-seconds, as a string or a number', () => {
    expect(retryAfterMs('60', now)).toBe(60_000);
    expect(retryAfterMs(' 7 ', now)).toBe(7_000);
    expect(retryAfterMs(3, now)).toBe(3_000);
    expect(retryAfterMs('0', now)).toBe(0);
  });

  it('rounds a fraction up, so a caller never asks again early', () => {
    expect(retryAfterMs('1.0001', now)).toBe(1_001);
  });

  it('reads an HTTP-date as the time left until it, never less than nothing', () => {
    expect(retryAfterMs('Wed, 05 Mar 2025 10:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 05 Mar 2025 09:59:00 GMT', now)).toBe(0);
  });

  it('takes the first of a repeated header', () => {
    expect(retryAfterMs(['30', '60'], now)).toBe(30_000);
    expect(retryAfterMs('30, 60', now)).toBe(30_000);
  });

  it('is undefined when absent or unreadable', () => {
    for (const header of [undefined, null, '', '  ', 'soon', '-5', '1e3', {}, []])
      expect(retryAfterMs(header, now)).toBeUndefined();
  });
});
