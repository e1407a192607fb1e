import { afterEach, describe, expect, it, vi } from 'vitest';
import { isIanaTimeZone } from '../../src/domain/time-zone.js';

describe('isIanaTimeZone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('knows IANA names and refuses the rest', () => {
    expect(isIanaTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Amsterdam')).toBe(false);
    expect(isIanaTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('asks the runtime once per name, and remembers a refusal as well as a match', () => {
    const formats = vi.spyOn(Intl, 'DateTimeFormat');
    for (let i = 0; i < 5; i++) {
      expect(isIanaTimeZone('America/Lima')).toBe(true);
      expect(isIanaTimeZone('Mars/Olympus_Mons')).toBe(false);
    }
    expect(formats).toHaveBeenCalledTimes(2);
  });
});
