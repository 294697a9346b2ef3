// The room's pages keep the public state as a snapshot and the patches after it
// (protocol/state-patch.ts): whatever two states, applying the diff of the first
// to the second to the first must give the second, as it arrives over the wire.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyStateOps, applyStatePatch, diffState, statePatch } from '../../protocol/state-patch.ts';
import type { PublicState } from '../../protocol/views.ts';
import { publicState } from '../../server/domain/projection.ts';
import { submitScore } from '../../server/domain/scoring.ts';
import { setVisibility } from '../../server/domain/visibility.ts';
import { sizedData } from '../helpers/sized-event.ts';

/** What crosses the wire: JSON, so no shared references between server and page. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('state patches', () => {
  it('apply(diff(a, b), a) deep-equals b for any two JSON values, and leaves a as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        const before = wire(a);
        const ops = wire(diffState(a, b));
        expect(applyStateOps(wire(a), ops)).toStrictEqual(wire(b));
        const original = wire(a);
        applyStateOps(original, ops);
        expect(original).toStrictEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('holds for states that differ a little, as successive versions do (a few keys and elements changed)', () => {
    const record = fc.dictionary(fc.constantFrom('id', 'teamId', 'name', 'rank', 'score', '__proto__', 'rows'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
    const state = fc.dictionary(fc.constantFrom('seq', 'teams', 'board', 'message', 'vote'), fc.oneof(fc.array(record, { maxLength: 6 }), record, fc.jsonValue({ maxDepth: 1 })));
    fc.assert(
      fc.property(state, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }), (a, edits) => {
        const b = wire(a) as Record<string, unknown>;
        const keys = Object.keys(b);
        for (const [k, i, v] of edits) {
          const key = keys.length ? keys[k % keys.length]! : 'seq';
          const value = b[key];
          if (Array.isArray(value) && value.length) {
            // Rows swap places (a move), or one changes.
            const j = i % value.length;
            if (v === null) [value[0], value[j]] = [value[j], value[0]];
            else value[j] = v;
          } else b[key] = v;
        }
        expect(applyStateOps(wire(a), wire(diffState(a, b)))).toStrictEqual(wire(b));
      }),
      { numRuns: 300 },
    );
  });

  it('with a memo, states sharing parts (every room holds the same teams and board) get the same patches as without, each shared part diffed once', () => {
    const part = fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'score'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), { maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(part, part, part, part, fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), (teamsA, teamsB, boardA, boardB, ownX, ownY) => {
        // Two rooms' versions before and after: the shared parts are the same objects in both rooms.
        const [sharedTeamsA, sharedTeamsB, sharedBoardA, sharedBoardB] = [teamsA, teamsB, boardA, boardB].map(wire);
        const rooms = [ownX, ownY].map((own) => ({
          before: { teams: sharedTeamsA, board: sharedBoardA, own: wire(own), seq: 1 },
          after: { teams: sharedTeamsB, board: sharedBoardB, own: wire(own === null ? 1 : null), seq: 2 },
        }));
        const memo = new WeakMap();
        for (const { before, after } of rooms) {
          const memoised = diffState(before, after, memo);
          expect(memoised).toStrictEqual(diffState(before, after));
          expect(applyStateOps(wire(before), wire(memoised))).toStrictEqual(wire(after));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a key named __proto__ is data, not a prototype', () => {
    const a = JSON.parse('{"x":{"__proto__":{"polluted":1}}}') as unknown;
    const b = JSON.parse('{"x":{"__proto__":{"polluted":2}}}') as unknown;
    const next = applyStateOps(a, diffState(a, b)) as { x: Record<string, unknown> };
    expect(JSON.stringify(next)).toBe(JSON.stringify(b));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a score on a live board sends the rows that moved and the seq, a fraction of the whole state', () => {
    const data = sizedData(30, 5, { scored: true, at: 1_000 });
    setVisibility(data, 'live', 1_000);
    const a = wire(publicState(data, 2_000, 1));
    const top = a.leaderboard!.overall[0]!;
    const last = a.leaderboard!.overall.at(-1)!;
    const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, c.max]));
    for (const j of data.event.jurors) submitScore(data, j.id, { opId: `op-${j.id}-top`, teamId: last.teamId, revision: 2, marks, note: '' }, 2_500);
    const b = wire(publicState(data, 2_500, 2));
    expect(b.leaderboard!.overall[0]!.teamId).toBe(last.teamId);
    expect(b.leaderboard!.overall[0]!.teamId).not.toBe(top.teamId);
    const patch = statePatch(a, b, 7, 8)!;
    expect(applyStatePatch(wire(a), 7, wire(patch))).toStrictEqual(b);
    // Not for the version held: the page must ask for the whole state.
    expect(applyStatePatch(wire(a), 6, wire(patch))).toBeNull();
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(b).length / 2);
    // Nothing changed but the seq: one operation.
    expect(diffState(b, { ...b, seq: 3 })).toStrictEqual([[['seq'], 3]]);
    expect(statePatch(b, wire(b), 8, 9)).toBeNull();
  });

  it('follows a run of real states: each patch applied to the page’s copy gives the next state', () => {
    const data = sizedData(12, 4, { at: 1_000 });
    setVisibility(data, 'live', 1_000);
    let page: PublicState = wire(publicState(data, 1_000, 1));
    let server = page;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(11), fc.nat(10)), { minLength: 1, maxLength: 20 }), (scores) => {
        for (const [j, t, v] of scores) {
          const juror = data.event.jurors[j]!;
          const team = data.event.teams[t]!;
          const revision = (data.scores[`${juror.id}:${team.id}`]?.revision ?? 0) + 1;
          const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, c.min + (v % (c.max - c.min + 1))]));
          submitScore(data, juror.id, { opId: `op-${juror.id}-${team.id}-${revision}`, teamId: team.id, revision, marks, note: '' }, 3_000);
          const next = wire(publicState(data, 3_000, server.seq + 1));
          page = applyStateOps(page, wire(diffState(server, next)));
          server = next;
          expect(page).toStrictEqual(server);
        }
      }),
      { numRuns: 50 },
    );
  });
});
