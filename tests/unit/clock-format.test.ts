import { describe, expect, it } from 'vitest';
import { formatClock, urgency } from '../../protocol/clock.ts';
import { formatDuration } from '../../protocol/format.ts';

describe('formatClock', () => {
  it('shows a second until it has fully passed, so 0:00 appears only at the end', () => {
    expect(formatClock(300_000)).toBe('5:00');
    expect(formatClock(299_001)).toBe('5:00');
    expect(formatClock(299_000)).toBe('4:59');
    expect(formatClock(1)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
  });

  it('shows overtime with a plus sign', () => {
    expect(formatClock(-1)).toBe('+0:00');
    expect(formatClock(-12_000)).toBe('+0:12');
    expect(formatClock(-61_500)).toBe('+1:01');
  });

  it('shows hours for long sessions', () => {
    expect(formatClock(2 * 3600_000)).toBe('2:00:00');
  });
});

describe('urgency', () => {
  it('turns amber under the amber threshold and red under red and in overtime', () => {
    expect(urgency(61_000, 60_000, 30_000)).toBe('normal');
    expect(urgency(60_000, 60_000, 30_000)).toBe('amber');
    expect(urgency(30_001, 60_000, 30_000)).toBe('amber');
    expect(urgency(30_000, 60_000, 30_000)).toBe('red');
    expect(urgency(-5_000, 60_000, 30_000)).toBe('red');
  });
});

describe('formatDuration', () => {
  // Moved to protocol/format.ts with a language. Intl (not a hand-written " ") now
  // separates number and unit: a no-break space in French, as ICU's data has it; English
  // says "1 hr 35 mins" as Intl's en-GB short units do (more in format.test.ts).
  it('says minutes, then hours and minutes', () => {
    expect(formatDuration(7 * 60_000, 'fr')).toBe('7\u00a0min');
    expect(formatDuration(-7 * 60_000, 'fr')).toBe('7\u00a0min');
    expect(formatDuration(95 * 60_000, 'fr')).toBe('1\u202fh 35\u00a0min');
    expect(formatDuration(120 * 60_000, 'fr')).toBe('2\u202fh');
    expect(formatDuration(95 * 60_000, 'en')).toBe('1 hr 35 mins');
  });
});
