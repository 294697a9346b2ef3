// A juror's own scores reach their phone as what changed (issue 20): at 300 teams, all scored,
// a juror's whole list is some 90 KB, and each of their scores sent it again. A score sends
// the one score; a page that follows the updates holds what a fresh page is sent; two pages
// of one link, which the server keeps no record for, get the whole list to replace theirs.
import { describe, expect, it } from 'vitest';
import { benchData } from '../../bench/lib/seed.ts';
import type { JurorScoresUpdate, JurorState } from '../../protocol/views.ts';
import { emitRaw, juror, nextEvent, startApp } from '../helpers/app.ts';
import { marks } from '../helpers/room.ts';

const byTeam = (scores: JurorState['scores']) => [...scores].sort((a, b) => a.teamId.localeCompare(b.teamId));

describe("a juror's own scores", () => {
  it('at 300 teams, all scored: a new score sends that score alone, and the page then holds what a fresh page is sent', { timeout: 60_000 }, async () => {
    const t = await startApp({ seed: () => benchData(3, { teams: 300, scored: true }) });
    try {
      const phone = await juror(t, 0);
      expect(phone.first.scores).toHaveLength(300);
      // The page's view as it follows the updates (tests/helpers/app.ts followJuror, as live.svelte.ts).
      let held = phone.first;
      phone.socket.on('state:juror', (s: JurorState) => (held = s));
      const updates: JurorScoresUpdate[] = [];
      phone.socket.on('juror:scores', (u: JurorScoresUpdate) => updates.push(u));
      const d = t.data();
      const teamId = d.event.teams[200]!.id;
      const revised = nextEvent<JurorScoresUpdate>(phone.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId));
      const ack = await emitRaw(phone.socket, 'score:submit', { opId: `delta-${Date.now()}`, teamId, revision: 2, marks: marks(d, 3), note: 'Révisé : « très bien », Zürich 🌍' });
      expect(ack).toMatchObject({ ok: true, data: { teamId, revision: 2 } });
      const update = await revised;
      expect(update.all).toBeUndefined();
      expect(update.scores).toHaveLength(1);
      expect(update.scores[0]).toMatchObject({ teamId, revision: 2, note: 'Révisé : « très bien », Zürich 🌍' });
      // A score changes no window: none is sent.
      expect(update.scoring).toBeUndefined();
      // What the page now holds is what a page opened now is sent.
      const fresh = await juror(t, 0);
      await expect.poll(() => held.scores.find((s) => s.teamId === teamId)?.revision).toBe(2);
      expect(byTeam(held.scores)).toEqual(byTeam(fresh.first.scores));
      for (const u of updates) expect(u.scores.length).toBeLessThan(300);
      fresh.socket.disconnect();
      phone.socket.disconnect();
    } finally {
      await t.close();
    }
  });

  it('two pages of one link get the whole list to replace theirs, and both hold every score', { timeout: 60_000 }, async () => {
    // Rankings hidden: with them live, a room without a record gets its whole view with the moved board instead.
    const t = await startApp({
      seed: () => {
        const data = benchData(2, { teams: 12, scored: true });
        data.visibility.mode = 'hidden';
        return data;
      },
    });
    try {
      const first = await juror(t, 1);
      const second = await juror(t, 1);
      const d = t.data();
      const teamId = d.event.teams[5]!.id;
      const wholes = [first, second].map((p) => nextEvent<JurorScoresUpdate>(p.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId && s.revision === 2)));
      expect(await emitRaw(second.socket, 'score:submit', { opId: `two-pages-${Date.now()}`, teamId, revision: 2, marks: marks(d, 7), note: '' })).toMatchObject({ ok: true });
      for (const u of await Promise.all(wholes)) {
        expect(u.all).toBe(true);
        expect(u.scores).toHaveLength(12);
        expect(u.scoring).toBeDefined();
      }
      for (const p of [first, second]) p.socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
