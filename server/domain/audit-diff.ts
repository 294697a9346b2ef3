// What changed between two versions of the event, in words an organiser reads:
// names and values, never ids or tokens. Pure; the audit log's detail column.
import type { AgendaItem, Category, Criterion, EventSettings, Juror, PodiumEvent, Team, TieBreaker } from '../../protocol/model.ts';
import { itemTitle } from './agenda.ts';

const quote = (s: string) => `"${s}"`;
const minutes = (ms: number) => `${Number((ms / 60_000).toFixed(2))} min`;
const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

/** A change to one field: "weight 1 → 2". */
const change = (label: string, from: string, to: string) => `${label} ${from} → ${to}`;

function tieBreakers(event: PodiumEvent, ts: readonly TieBreaker[]): string {
  return list(ts.map((t) => (t.kind === 'jurorCount' ? 'number of jurors' : `${event.criteria.find((c) => c.id === t.criterionId)?.name ?? 'a removed criterion'} average`)));
}

function settingsChanges(before: PodiumEvent, after: PodiumEvent): string[] {
  const a = before.settings;
  const b = after.settings;
  const out: string[] = [];
  const field = <K extends keyof EventSettings>(key: K, label: string, show: (v: EventSettings[K]) => string) => {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(change(label, show(a[key]), show(b[key])));
  };
  field('name', 'event name', (v) => quote(v));
  field('startsAt', 'starts at', (v) => new Date(v).toISOString());
  field('pitchMs', 'pitch time', minutes);
  field('recapMs', 'recap time', minutes);
  field('amberMs', 'amber at', minutes);
  field('redMs', 'red at', minutes);
  field('autoAdvanceToRecap', 'recap by itself at 0:00', (v) => (v ? 'yes' : 'no'));
  field('normalisation', 'normalisation', (v) => v);
  if (JSON.stringify(a.tieBreakers) !== JSON.stringify(b.tieBreakers)) out.push(change('tie-breakers', tieBreakers(before, a.tieBreakers), tieBreakers(after, b.tieBreakers)));
  return out;
}

/** How each kind of thing is named, summarised when added or removed, and compared field by field. */
interface Kind<T extends { id: string }> {
  noun: string;
  name: (x: T, event: PodiumEvent) => string;
  summary: (x: T, event: PodiumEvent) => string;
  fields: (a: T, b: T, before: PodiumEvent, after: PodiumEvent) => string[];
}

const categoryName = (event: PodiumEvent, id: string | null) => (id === null ? 'none' : quote(event.categories.find((c) => c.id === id)?.name ?? 'a removed category'));
const teamName = (event: PodiumEvent, id: string) => event.teams.find((t) => t.id === id)?.name ?? 'a removed team';
const phases = (item: AgendaItem) => item.phases.map((p) => `${p.name} ${minutes(p.durationMs)}`).join(' + ');

const named = <T extends { name: string }>(a: T, b: T) => (a.name !== b.name ? [change('name', quote(a.name), quote(b.name))] : []);

const KINDS = {
  categories: {
    noun: 'category',
    name: (c: Category) => c.name,
    summary: () => '',
    fields: (a: Category, b: Category) => named(a, b),
  } satisfies Kind<Category>,
  criteria: {
    noun: 'criterion',
    name: (c: Criterion) => c.name,
    summary: (c: Criterion) => `weight ${c.weight}, marks ${c.min}–${c.max}`,
    fields: (a: Criterion, b: Criterion) => [
      ...named(a, b),
      ...(a.weight !== b.weight ? [change('weight', String(a.weight), String(b.weight))] : []),
      ...(a.min !== b.min || a.max !== b.max ? [change('marks', `${a.min}–${a.max}`, `${b.min}–${b.max}`)] : []),
      ...(a.question !== b.question ? [change('question', quote(a.question), quote(b.question))] : []),
    ],
  } satisfies Kind<Criterion>,
  teams: {
    noun: 'team',
    name: (t: Team) => t.name,
    summary: (t: Team, e: PodiumEvent) => [t.project && `project ${quote(t.project)}`, `category ${categoryName(e, t.categoryId)}`].filter(Boolean).join(', '),
    fields: (a: Team, b: Team, before: PodiumEvent, after: PodiumEvent) => [
      ...named(a, b),
      ...(a.project !== b.project ? [change('project', quote(a.project), quote(b.project))] : []),
      ...(a.categoryId !== b.categoryId ? [change('category', categoryName(before, a.categoryId), categoryName(after, b.categoryId))] : []),
      ...(a.members.join('\n') !== b.members.join('\n') ? [change('members', list(a.members), list(b.members))] : []),
    ],
  } satisfies Kind<Team>,
  jurors: {
    noun: 'juror',
    name: (j: Juror) => j.name,
    summary: (j: Juror, e: PodiumEvent) => (j.conflicts.length ? `conflicts of interest: ${list(j.conflicts.map((id) => teamName(e, id)))}` : ''),
    // Conflicts are audited one by one where they are set; the token is never written down.
    fields: (a: Juror, b: Juror) => [...named(a, b), ...(a.token !== b.token ? ['new personal link (the old one no longer works)'] : [])],
  } satisfies Kind<Juror>,
  agenda: {
    noun: 'agenda item',
    name: (i: AgendaItem, e: PodiumEvent) => itemTitle(e, i),
    summary: (i: AgendaItem) => `${i.kind === 'pitch' ? 'pitch' : i.sessionKind}, ${phases(i)}`,
    fields: (a: AgendaItem, b: AgendaItem, before: PodiumEvent, after: PodiumEvent) => [
      ...(itemTitle(before, a) !== itemTitle(after, b) ? [change('title', quote(itemTitle(before, a)), quote(itemTitle(after, b)))] : []),
      ...(a.kind === 'session' && b.kind === 'session' && a.sessionKind !== b.sessionKind ? [change('kind', a.sessionKind, b.sessionKind)] : []),
      ...(phases(a) !== phases(b) ? [change('phases', phases(a), phases(b))] : []),
    ],
  } satisfies Kind<AgendaItem>,
};

export type Listed = keyof typeof KINDS;

export interface ListChange {
  lines: string[];
  /** The ids of the things added, removed, changed or moved. */
  touched: string[];
}

/** Added, removed, changed and moved things of one list, by name. */
function listChanges(list: Listed, before: PodiumEvent, after: PodiumEvent): ListChange {
  const kind = KINDS[list] as unknown as Kind<{ id: string }>;
  const a = before[list] as { id: string }[];
  const b = after[list] as { id: string }[];
  const old = new Map(a.map((x, i) => [x.id, { x, i }]));
  const now = new Map(b.map((x, i) => [x.id, { x, i }]));
  const lines: string[] = [];
  const touched: string[] = [];
  const title = (x: { id: string }, event: PodiumEvent) => `${kind.noun} ${quote(kind.name(x, event))}`;
  const withSummary = (x: { id: string }, event: PodiumEvent) => {
    const s = kind.summary(x, event);
    return s ? `${title(x, event)} (${s})` : title(x, event);
  };
  for (const [id, { x }] of old) {
    if (!now.has(id)) {
      lines.push(`removed ${withSummary(x, before)}`);
      touched.push(id);
    }
  }
  // Positions among the things both versions share, so one removal does not read as every later thing moving.
  const kept = a.filter((x) => now.has(x.id)).map((x) => x.id);
  const keptAfter = b.filter((x) => old.has(x.id)).map((x) => x.id);
  for (const [i, x] of b.entries()) {
    const was = old.get(x.id);
    if (!was) {
      lines.push(`added ${withSummary(x, after)}`);
      touched.push(x.id);
      continue;
    }
    const fields = kind.fields(was.x, x, before, after);
    if (fields.length) lines.push(`${title(was.x, before)}: ${fields.join('; ')}`);
    const moved = kept.indexOf(x.id) !== keptAfter.indexOf(x.id) && movedItself(kept, keptAfter, x.id);
    if (moved) lines.push(`moved ${title(x, after)} from position ${was.i + 1} to ${i + 1}`);
    if (fields.length || moved) touched.push(x.id);
  }
  return { lines, touched };
}

/**
 * When one thing moves, the ones it jumps over shift by one place too; only the
 * one that moved is worth a line: the one whose removal leaves the rest in order.
 */
function movedItself(before: readonly string[], after: readonly string[], id: string): boolean {
  const a = before.filter((x) => x !== id);
  const b = after.filter((x) => x !== id);
  return a.every((x, i) => x === b[i]);
}

/** Every change to the event, in the order settings, categories, criteria, teams, jurors, agenda. */
export function eventChanges(before: PodiumEvent, after: PodiumEvent): { lines: string[]; touched: Record<Listed, string[]> } {
  const settings = settingsChanges(before, after);
  const lines = settings.length ? [`settings: ${settings.join('; ')}`] : [];
  const touched = {} as Record<Listed, string[]>;
  for (const list of Object.keys(KINDS) as Listed[]) {
    const c = listChanges(list, before, after);
    lines.push(...c.lines);
    touched[list] = c.touched;
  }
  return { lines, touched };
}

/** "6 teams, 4 jurors, …": the size of an event, for imports. */
export function eventSize(event: PodiumEvent): string {
  return `${event.teams.length} teams, ${event.jurors.length} jurors, ${event.criteria.length} criteria, ${event.categories.length} categories, ${event.agenda.length} agenda items`;
}
