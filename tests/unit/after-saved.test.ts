import { describe, expect, it } from 'vitest';
import { afterSaved, rebaseDraft, settleDraft } from '../../client/src/pages/organiser/build/after-saved.ts';

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
  it('keeps a field typed back to its saved value while a save of it was on its way', () => {
    // "Alpha" renamed "Alpah" by mistake and sent; typed back to "Alpha" before the answer.
    expect(rebaseDraft({ name: 'Alpha' }, { name: 'Alpah' }, { name: 'Alpha' }, { name: 'Alpah' })).toEqual({ name: 'Alpha' });
  });
  it('keeps a field typed into since the save even when the save did not change it and the answer shows it anew', () => {
    // The time zone saved; the start corrected meanwhile; the answer shows the old start in the new zone.
    const base = { zone: 'Europe/Zurich', startsAt: '09:00' };
    const sent = { zone: 'America/New_York', startsAt: '09:00' };
    expect(rebaseDraft(base, sent, { zone: 'America/New_York', startsAt: '10:30' }, { zone: 'America/New_York', startsAt: '03:00' })).toEqual({ zone: 'America/New_York', startsAt: '10:30' });
  });
  it('merges a list item by item: a phase typed here stays when another console saves another phase', () => {
    const base = { title: '', phases: ['5:00', '2:00'] };
    expect(rebaseDraft(base, null, { title: '', phases: ['6:00', '2:00'] }, { title: '', phases: ['5:00', '3:00'] })).toEqual({ title: '', phases: ['6:00', '3:00'] });
    // A list that changed length is taken whole from the server.
    expect(rebaseDraft(base, null, { title: '', phases: ['6:00', '2:00'] }, { title: '', phases: ['5:00'] })).toEqual({ title: '', phases: ['5:00'] });
  });
  it('shows the server’s value of a field the answer kept, where the form holds what was sent', () => {
    expect(rebaseDraft({ name: 'Alpha', zone: 'A' }, { name: 'Alpha ', zone: 'B' }, { name: 'Alpha ', zone: 'B' }, { name: 'Alpha', zone: 'B' })).toEqual({ name: 'Alpha', zone: 'B' });
  });
});

describe('a form whose save changed nothing on the server', () => {
  it('shows the server’s value where it still holds what was sent, and keeps what was typed since', () => {
    const now = { name: 'Alpha ', weight: '2,0', zone: 'Hall B' };
    settleDraft(now, { name: 'Alpha ', weight: '2,0', zone: 'Hall' }, { name: 'Alpha', weight: '2', zone: 'Hall' });
    expect(now).toEqual({ name: 'Alpha', weight: '2', zone: 'Hall B' });
  });
});
