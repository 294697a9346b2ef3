// Finalists (issue 17): which teams go on from a round's ranking, by the rule the organiser
// picks: the top N overall, the top k of each room, the top k of each category, plus wildcards
// chosen by hand. Pure and shared: the console's finalist panel previews it, the server runs the
// same selection when the round closes. A tie at the cut (teams sharing the last seat's rank,
// more of them than seats left) is never decided here: the organiser picks who goes through,
// or takes them all.
import { z } from 'zod';
import { Id, isReservedId, LIMITS, type LeaderboardRow } from './model.ts';

export const FinalistRule = z.discriminatedUnion('kind', [
  /** The N best of the round. */
  z.strictObject({ kind: z.literal('top'), n: z.number().int().min(1).max(LIMITS.teams) }),
  /** The k best of each room (a team's room: where it pitched in the round's agenda). */
  z.strictObject({ kind: z.literal('per-room'), k: z.number().int().min(1).max(LIMITS.teams) }),
  /** The k best of each category (teams without a category do not go through by this rule). */
  z.strictObject({ kind: z.literal('per-category'), k: z.number().int().min(1).max(LIMITS.teams) }),
]);
export type FinalistRule = z.infer<typeof FinalistRule>;

/** The organiser's choices: the rule, which ranking it reads, the ties settled (by group key), the wildcards. */
export const FinalistChoice = z.strictObject({
  rule: FinalistRule,
  /** Which ranking the rule reads: the raw one or the per-juror normalised one. */
  ranking: z.enum(['raw', 'normalised']),
  /** For each group whose cut falls in a tie: the tied teams that go through (all of them: take them all). */
  // zod drops a `__proto__` key from a record silently: a group named with a reserved name is refused instead (as marks are).
  settled: z
    .custom<Record<string, string[]>>((m) => !(m && typeof m === 'object' && Object.keys(m).some(isReservedId)), 'a settled tie names a reserved id')
    .pipe(z.record(Id, z.array(Id).max(LIMITS.teams))),
  /** Teams added by hand, in the order chosen. */
  wildcards: z.array(Id).max(LIMITS.teams),
});
export type FinalistChoice = z.infer<typeof FinalistChoice>;

/** The one group of the rule "top N overall". */
export const OVERALL_GROUP = 'overall';

/** Teams sharing the last seat's rank across the cut: more of them than the seats left. */
export interface TieAtCut {
  /** The rank they share in the round's ranking. */
  rank: number;
  teamIds: string[];
  /** How many seats they compete for. */
  seats: number;
  /** Who the organiser sent through (a subset, or all of them); null: not settled yet. */
  settled: string[] | null;
}

export interface FinalistGroup {
  /** OVERALL_GROUP, a room id or a category id. */
  key: string;
  seats: number;
  /** The teams this group sends on, in ranking order (a settled tie's picks included). */
  selected: string[];
  tie: TieAtCut | null;
}

export interface FinalistSelection {
  /** Every team going on, in ranking order, then the wildcards in the order chosen; no team twice. */
  finalists: string[];
  groups: FinalistGroup[];
  /** Wildcards that add a team (not already selected by the rule), in the order chosen. */
  wildcards: string[];
  /** Wildcards that the rule had selected already: they add nothing. */
  duplicateWildcards: string[];
  /** Whether every tie at the cut is settled (only then may the round close on it). */
  complete: boolean;
}

/** What the per-room and per-category rules read of the teams. */
export interface FinalistContext {
  /** Each team's room in the round (protocol/rooms.ts teamRooms); the room order is `rooms`. */
  teamRooms?: ReadonlyMap<string, string>;
  rooms?: readonly string[];
  /** Each team's category; the category order is `categories`. */
  teamCategories?: ReadonlyMap<string, string | null>;
  categories?: readonly string[];
}

/**
 * One group's seats from its rows (in ranking order): whole ranks while they fit; the rank that
 * does not fit whole is a tie at the cut, settled by the organiser's pick or left open.
 * Teams without a score do not go through: nothing ranks them.
 */
function fill(key: string, rows: readonly LeaderboardRow[], seats: number, settled: readonly string[] | undefined): FinalistGroup {
  const scored = rows.filter((r) => r.score !== null);
  const selected: string[] = [];
  let tie: TieAtCut | null = null;
  for (let i = 0; i < scored.length && selected.length < seats; ) {
    const rank = scored[i]!.rank;
    const block: string[] = [];
    while (i < scored.length && scored[i]!.rank === rank) block.push(scored[i++]!.teamId);
    const left = seats - selected.length;
    if (block.length <= left) {
      selected.push(...block);
      continue;
    }
    const picks = settled?.filter((id) => block.includes(id));
    const valid = picks !== undefined && picks.length >= left;
    tie = { rank, teamIds: block, seats: left, settled: valid ? block.filter((id) => picks.includes(id)) : null };
    if (tie.settled) selected.push(...tie.settled);
    break;
  }
  return { key, seats, selected, tie };
}

/** The groups a rule makes of the ranking's rows, in order, each with its rows in ranking order. */
function groupsOf(rule: FinalistRule, rows: readonly LeaderboardRow[], ctx: FinalistContext): { key: string; rows: LeaderboardRow[]; seats: number }[] {
  if (rule.kind === 'top') return [{ key: OVERALL_GROUP, rows: [...rows], seats: rule.n }];
  const of = rule.kind === 'per-room' ? ctx.teamRooms : ctx.teamCategories;
  const order = (rule.kind === 'per-room' ? ctx.rooms : ctx.categories) ?? [];
  const byKey = new Map<string, LeaderboardRow[]>(order.map((k) => [k, []]));
  for (const row of rows) {
    const key = of?.get(row.teamId);
    if (key === undefined || key === null) continue;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(row);
  }
  return [...byKey].map(([key, own]) => ({ key, rows: own, seats: rule.k }));
}

/**
 * The finalists of a round's ranking (its overall rows, raw or normalised) by the organiser's
 * choice. A group's settled pick counts only when it names at least the seats left among the
 * tied teams (more: the organiser takes more of them, all of them at most).
 */
export function selectFinalists(rows: readonly LeaderboardRow[], choice: Omit<FinalistChoice, 'ranking'>, ctx: FinalistContext = {}): FinalistSelection {
  const groups = groupsOf(choice.rule, rows, ctx).map((g) => fill(g.key, g.rows, g.seats, Object.hasOwn(choice.settled, g.key) ? choice.settled[g.key] : undefined));
  const chosen = new Set(groups.flatMap((g) => g.selected));
  const finalists = rows.map((r) => r.teamId).filter((id) => chosen.has(id));
  const wildcards: string[] = [];
  const duplicateWildcards: string[] = [];
  const known = new Set(rows.map((r) => r.teamId));
  for (const id of choice.wildcards) {
    if (!known.has(id) || wildcards.includes(id) || duplicateWildcards.includes(id)) continue;
    (chosen.has(id) ? duplicateWildcards : wildcards).push(id);
  }
  finalists.push(...wildcards);
  return { finalists, groups, wildcards, duplicateWildcards, complete: groups.every((g) => !g.tie || g.tie.settled !== null) };
}

export interface FinalistComparison {
  raw: FinalistSelection;
  normalised: FinalistSelection;
  /** Teams selected by one ranking and not the other (ties left open count as not selected), raw's first. */
  differ: string[];
}

/** The same choice read on the raw and on the normalised ranking, side by side, the teams that differ flagged. */
export function compareFinalists(
  rawRows: readonly LeaderboardRow[],
  normalisedRows: readonly LeaderboardRow[],
  choice: Omit<FinalistChoice, 'ranking'>,
  ctx: FinalistContext = {},
): FinalistComparison {
  const raw = selectFinalists(rawRows, choice, ctx);
  const normalised = selectFinalists(normalisedRows, choice, ctx);
  const a = new Set(raw.finalists);
  const b = new Set(normalised.finalists);
  return { raw, normalised, differ: [...raw.finalists.filter((id) => !b.has(id)), ...normalised.finalists.filter((id) => !a.has(id))] };
}

/**
 * The final's pitch order by default: the finalists in the order they pitched in the round's
 * agenda (`agendaTeams`: team ids in agenda order), those that did not pitch after, as selected.
 */
export function defaultFinalOrder(finalists: readonly string[], agendaTeams: readonly string[]): string[] {
  const position = new Map<string, number>();
  agendaTeams.forEach((id, i) => {
    if (!position.has(id)) position.set(id, i);
  });
  const rank = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...finalists].map((id, i) => ({ id, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map((x) => x.id);
}

/** How the final's pitching order is set: as they pitched, by rank (best first or last), or by hand. */
export type FinalOrderMode = 'pitched' | 'rank' | 'reverse' | 'custom';

/**
 * The final's pitching order as the organiser sets it in the finalist panel, sent with the close
 * (`round:close`'s `order`). `rank`: each team's place in the ranking the rule reads (unranked last);
 * `custom`: the organiser's order, a finalist not in it (a wildcard added since) after, as pitched.
 */
export function finalOrder(
  finalists: readonly string[],
  mode: FinalOrderMode,
  ctx: { pitched: readonly string[]; rank: (teamId: string) => number | undefined; custom?: readonly string[] },
): string[] {
  if (mode === 'pitched') return defaultFinalOrder(finalists, ctx.pitched);
  if (mode === 'custom') {
    const inCustom = (ctx.custom ?? []).filter((id, i, all) => finalists.includes(id) && all.indexOf(id) === i);
    return [...inCustom, ...defaultFinalOrder(finalists.filter((id) => !inCustom.includes(id)), ctx.pitched)];
  }
  const place = (id: string) => ctx.rank(id) ?? Number.MAX_SAFE_INTEGER;
  const best = [...finalists].map((id, i) => ({ id, i })).sort((a, b) => place(a.id) - place(b.id) || a.i - b.i).map((x) => x.id);
  return mode === 'rank' ? best : best.reverse();
}
