import { describe, expect, it } from 'vitest';
import { afterSaved } from '../../client/src/pages/organiser/build/after-saved.ts';

describe('an add form once its entry is saved', () => {
  const blank = { name: '', weight: '1' };
  it('is emptied when it still holds what was sent', () => {
    expect(afterSaved({ name: 'Clarté', weight: '1,5' }, { name: 'Clarté', weight: '1,5' }, blank)).toBe(blank);
  });
  it('keeps what the organiser typed after sending, every field of it', () => {
    const now = { name: 'Faisabilité', weight: '1,5' };
    expect(afterSaved(now, { name: 'Clarté', weight: '1,5' }, blank)).toBe(now);
    const emptied = { name: '', weight: '1,5' };
    expect(afterSaved(emptied, { name: 'Clarté', weight: '1,5' }, blank)).toBe(emptied);
  });
});
