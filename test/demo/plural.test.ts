import { describe, expect, it } from 'vitest';
import { plural } from '../../demo/plural.js';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(0, 'day')).toBe('0 days');
    expect(plural(7, 'ticket')).toBe('7 tickets');
    expect(plural(1, 'other effort alert')).toBe('1 other effort alert');
  });

  it('takes an irregular plural and groups thousands', () => {
    expect(plural(2, 'reply', 'replies')).toBe('2 replies');
    expect(plural(1000, 'ticket')).toBe('1,000 tickets');
  });
});
