import { describe, expect, it } from 'vitest';
import { afterSaved, rebaseDraft } from '../../client/src/pages/organiser/build/after-saved.ts';

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

describe("a row's form when the server's value changes", () => {
  const base = { name: 'Impact', weight: '2' };
  it('takes the answer to its own save, written the server’s way', () => {
    expect(rebaseDraft(base, { name: 'Impact', weight: '2,50' }, { name: 'Impact', weight: '2,50' }, { name: 'Impact', weight: '2,5' })).toEqual({ name: 'Impact', weight: '2,5' });
  });
  it('keeps a field typed into after the save was sent, and one typed into that the save did not change', () => {
    const sent = { name: 'Impact', weight: '3' };
    expect(rebaseDraft(base, sent, { name: 'Impact social', weight: '3' }, { name: 'Impact', weight: '3' })).toEqual({ name: 'Impact social', weight: '3' });
    expect(rebaseDraft(base, sent, { name: 'Impact', weight: '3,5' }, { name: 'Impact', weight: '3' })).toEqual({ name: 'Impact', weight: '3,5' });
  });
  it('merges another console’s change to a field nobody here touched, and keeps what is being typed elsewhere in the row', () => {
    expect(rebaseDraft(base, null, { name: 'Impact', weight: '7,5' }, { name: 'Réach ✨', weight: '2' })).toEqual({ name: 'Réach ✨', weight: '7,5' });
  });
  it('lets another console’s saved value win over an unsaved edit of the same field', () => {
    expect(rebaseDraft(base, null, { name: 'Impact', weight: '7,5' }, { name: 'Impact', weight: '4' })).toEqual({ name: 'Impact', weight: '4' });
  });
});
