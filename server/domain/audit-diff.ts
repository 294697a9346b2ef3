// What changed between two versions of the event, in words an organiser reads, in the
// event's language: names and values, never ids or tokens. Pure; the audit log's detail
// column (stored text, written once, like a score's line: older entries stay in English).
import { m } from '../../protocol/i18n.ts';
import { formatDate, formatTime } from '../../protocol/format.ts';
import type { AgendaItem, Category, Criterion, EventSettings, Juror, Language, PodiumEvent, Team, TieBreaker } from '../../protocol/model.ts';
import { itemTitle } from './agenda.ts';
import { hasAssignment, roomsOf } from '../../protocol/rooms.ts';

/** The words of one language: every line of a change is written in the event's language (a stored text, like a score's line). */
export interface Words {
  language: Language;
  locale: { locale: Language };
}

export const wordsFor = (language: Language): Words => ({ language, locale: { locale: language } });

export const quote = (w: Words, s: string) => m.audit_quote({ text: s }, w.locale);
const decimal = (w: Words, x: number) => (w.language === 'fr' ? String(x).replace('.', ',') : String(x));
const minutes = (w: Words, ms: number) => `${decimal(w, Number((ms / 60_000).toFixed(2)))} min`;
const list = (w: Words, xs: readonly string[]) => (xs.length ? xs.join(', ') : m.audit_none({}, w.locale));
export const joined = (w: Words, xs: readonly string[]) => xs.join(m.audit_separator({}, w.locale));

/** A change to one field: "weight 1 → 2". */
const change = (label: string, from: string, to: string) => `${label} ${from} → ${to}`;

function tieBreakers(w: Words, event: PodiumEvent, ts: readonly TieBreaker[]): string {
  return list(
    w,
    ts.map((t) =>
      t.kind === 'jurorCount'
        ? m.audit_tie_jurors({}, w.locale)
        : m.audit_tie_average({ criterion: event.criteria.find((c) => c.id === t.criterionId)?.name ?? m.audit_removed_thing({ noun: m.audit_noun_criterion({}, w.locale) }, w.locale) }, w.locale),
    ),
  );
}

function settingsChanges(w: Words, before: PodiumEvent, after: PodiumEvent): string[] {
  const a = before.settings;
  const b = after.settings;
  const out: string[] = [];
  const l = w.locale;
  const field = <K extends keyof EventSettings>(key: K, label: string, show: (v: EventSettings[K]) => string) => {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(change(label, show(a[key]), show(b[key])));
  };
  const at = (ms: number) => `${formatDate(ms, { language: w.language, timeZone: b.timeZone })} ${formatTime(ms, { language: w.language, timeZone: b.timeZone })}`;
  field('name', m.audit_field_event_name({}, l), (v) => quote(w, v));
  field('startsAt', m.audit_field_starts_at({}, l), at);
  field('pitchMs', m.audit_field_pitch_time({}, l), (v) => minutes(w, v));
  field('recapMs', m.audit_field_recap_time({}, l), (v) => minutes(w, v));
  field('amberMs', m.audit_field_amber_at({}, l), (v) => minutes(w, v));
  field('redMs', m.audit_field_red_at({}, l), (v) => minutes(w, v));
  field('autoAdvanceToRecap', m.audit_field_auto_recap({}, l), (v) => (v ? m.audit_yes({}, l) : m.audit_no({}, l)));
  field('normalisation', m.audit_field_normalisation({}, l), (v) => (v === 'none' ? m.audit_none({}, l) : v));
  if (JSON.stringify(a.tieBreakers) !== JSON.stringify(b.tieBreakers)) {
    out.push(change(m.audit_field_tie_breakers({}, l), tieBreakers(w, before, a.tieBreakers), tieBreakers(w, after, b.tieBreakers)));
  }
  return out;
}

/** How each kind of thing is named, summarised when added or removed, and compared field by field. */
interface Kind<T extends { id: string }> {
  noun: (w: Words) => string;
  name: (x: T, event: PodiumEvent) => string;
  summary: (w: Words, x: T, event: PodiumEvent) => string;
  fields: (w: Words, a: T, b: T, before: PodiumEvent, after: PodiumEvent) => string[];
}

const categoryName = (w: Words, event: PodiumEvent, id: string | null) =>
  id === null ? m.audit_none({}, w.locale) : quote(w, event.categories.find((c) => c.id === id)?.name ?? m.audit_removed_thing({ noun: m.audit_noun_category({}, w.locale) }, w.locale));
const teamName = (w: Words, event: PodiumEvent, id: string) => event.teams.find((t) => t.id === id)?.name ?? m.audit_removed_thing({ noun: m.audit_noun_team({}, w.locale) }, w.locale);
const phases = (w: Words, item: AgendaItem) => item.phases.map((p) => `${p.name} ${minutes(w, p.durationMs)}`).join(' + ');
const SESSION = {
  welcome: m.audit_session_welcome,
  break: m.audit_session_break,
  deliberation: m.audit_session_deliberation,
  awards: m.audit_session_awards,
  other: m.audit_session_other,
} as const;
const sessionKind = (w: Words, kind: keyof typeof SESSION) => SESSION[kind]({}, w.locale);

/** Names, the first few of a long list, then how many more: an auto-assignment changes every juror at once. */
function someNames(w: Words, names: readonly string[]): string {
  const SHOWN = 5;
  if (names.length <= SHOWN + 1) return list(w, names);
  return m.panels_audit_more({ list: names.slice(0, SHOWN).join(', '), count: names.length - SHOWN }, w.locale);
}

/** A juror's assigned rooms and teams, before and after (issue 17): "teams every team → «A», «B»". */
function assignmentChanges(w: Words, a: Juror, b: Juror, before: PodiumEvent, after: PodiumEvent): string[] {
  const out: string[] = [];
  const roomName = (event: PodiumEvent, id: string) => {
    const room = roomsOf(event).find((r) => r.id === id);
    return quote(w, room?.name || m.panels_main_room({}, w.locale));
  };
  const rooms = (j: Juror, e: PodiumEvent) => someNames(w, (j.assignedRooms ?? []).map((id) => roomName(e, id)));
  // Without any assignment a juror judges every team: said so, rather than "none".
  const teams = (j: Juror, e: PodiumEvent) =>
    hasAssignment(j) ? someNames(w, (j.assignedTeams ?? []).map((id) => quote(w, teamName(w, e, id)))) : m.panels_audit_every_team({}, w.locale);
  if ((a.assignedRooms ?? []).join() !== (b.assignedRooms ?? []).join()) out.push(change(m.panels_audit_rooms({}, w.locale), rooms(a, before), rooms(b, after)));
  if ((a.assignedTeams ?? []).join() !== (b.assignedTeams ?? []).join()) out.push(change(m.panels_audit_teams({}, w.locale), teams(a, before), teams(b, after)));
  return out;
}

/** An optional text field (a team's table, a zone) before and after: "zone none → «Hall B»". */
const optionalText = (w: Words, label: string, a: string | undefined, b: string | undefined) =>
  a !== b ? [change(label, a === undefined ? m.audit_none({}, w.locale) : quote(w, a), b === undefined ? m.audit_none({}, w.locale) : quote(w, b))] : [];

const named = <T extends { name: string }>(w: Words, a: T, b: T) => (a.name !== b.name ? [change(m.audit_field_name({}, w.locale), quote(w, a.name), quote(w, b.name))] : []);

const KINDS = {
  categories: {
    noun: (w: Words) => m.audit_noun_category({}, w.locale),
    name: (c: Category) => c.name,
    summary: () => '',
    fields: (w: Words, a: Category, b: Category) => named(w, a, b),
  } satisfies Kind<Category>,
  criteria: {
    noun: (w: Words) => m.audit_noun_criterion({}, w.locale),
    name: (c: Criterion) => c.name,
    summary: (w: Words, c: Criterion) => m.audit_criterion_summary({ weight: decimal(w, c.weight), min: c.min, max: c.max }, w.locale),
    fields: (w: Words, a: Criterion, b: Criterion) => [
      ...named(w, a, b),
      ...(a.weight !== b.weight ? [change(m.audit_field_weight({}, w.locale), decimal(w, a.weight), decimal(w, b.weight))] : []),
      ...(a.min !== b.min || a.max !== b.max ? [change(m.audit_field_marks({}, w.locale), `${a.min}–${a.max}`, `${b.min}–${b.max}`)] : []),
      ...(a.question !== b.question ? [change(m.audit_field_question({}, w.locale), quote(w, a.question), quote(w, b.question))] : []),
    ],
  } satisfies Kind<Criterion>,
  teams: {
    noun: (w: Words) => m.audit_noun_team({}, w.locale),
    name: (t: Team) => t.name,
    summary: (w: Words, t: Team, e: PodiumEvent) =>
      [t.project && `${m.audit_field_project({}, w.locale)} ${quote(w, t.project)}`, `${m.audit_field_category({}, w.locale)} ${categoryName(w, e, t.categoryId)}`].filter(Boolean).join(', '),
    fields: (w: Words, a: Team, b: Team, before: PodiumEvent, after: PodiumEvent) => [
      ...named(w, a, b),
      ...(a.project !== b.project ? [change(m.audit_field_project({}, w.locale), quote(w, a.project), quote(w, b.project))] : []),
      ...(a.categoryId !== b.categoryId ? [change(m.audit_field_category({}, w.locale), categoryName(w, before, a.categoryId), categoryName(w, after, b.categoryId))] : []),
      ...(a.members.join('\n') !== b.members.join('\n') ? [change(m.audit_field_members({}, w.locale), list(w, a.members), list(w, b.members))] : []),
      ...optionalText(w, m.expo_audit_field_table({}, w.locale), a.table, b.table),
      ...optionalText(w, m.expo_audit_field_zone({}, w.locale), a.zone, b.zone),
    ],
  } satisfies Kind<Team>,
  jurors: {
    noun: (w: Words) => m.audit_noun_juror({}, w.locale),
    name: (j: Juror) => j.name,
    summary: (w: Words, j: Juror, e: PodiumEvent) => (j.conflicts.length ? m.audit_conflicts({ list: list(w, j.conflicts.map((id) => teamName(w, e, id))) }, w.locale) : ''),
    // Conflicts are audited one by one where they are set; the token is never written down.
    fields: (w: Words, a: Juror, b: Juror, before: PodiumEvent, after: PodiumEvent) => [
      ...named(w, a, b),
      ...(a.token !== b.token ? [m.audit_new_link({}, w.locale)] : []),
      ...assignmentChanges(w, a, b, before, after),
      ...optionalText(w, m.expo_audit_field_zone({}, w.locale), a.zone, b.zone),
    ],
  } satisfies Kind<Juror>,
  agenda: {
    noun: (w: Words) => m.audit_noun_agenda_item({}, w.locale),
    name: (i: AgendaItem, e: PodiumEvent) => itemTitle(e, i),
    summary: (w: Words, i: AgendaItem) => `${i.kind === 'pitch' ? m.audit_pitch({}, w.locale) : sessionKind(w, i.sessionKind)}, ${phases(w, i)}`,
    fields: (w: Words, a: AgendaItem, b: AgendaItem, before: PodiumEvent, after: PodiumEvent) => [
      ...(itemTitle(before, a) !== itemTitle(after, b) ? [change(m.audit_field_title({}, w.locale), quote(w, itemTitle(before, a)), quote(w, itemTitle(after, b)))] : []),
      ...(a.kind === 'session' && b.kind === 'session' && a.sessionKind !== b.sessionKind
        ? [change(m.audit_field_kind({}, w.locale), sessionKind(w, a.sessionKind), sessionKind(w, b.sessionKind))]
        : []),
      ...(phases(w, a) !== phases(w, b) ? [change(m.audit_field_phases({}, w.locale), phases(w, a), phases(w, b))] : []),
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
function listChanges(w: Words, list: Listed, before: PodiumEvent, after: PodiumEvent): ListChange {
  const kind = KINDS[list] as unknown as Kind<{ id: string }>;
  const a = before[list] as { id: string }[];
  const b = after[list] as { id: string }[];
  const old = new Map(a.map((x, i) => [x.id, { x, i }]));
  const now = new Map(b.map((x, i) => [x.id, { x, i }]));
  const lines: string[] = [];
  const touched: string[] = [];
  const title = (x: { id: string }, event: PodiumEvent) => `${kind.noun(w)} ${quote(w, kind.name(x, event))}`;
  const withSummary = (x: { id: string }, event: PodiumEvent) => {
    const s = kind.summary(w, x, event);
    return s ? `${title(x, event)} (${s})` : title(x, event);
  };
  for (const [id, { x }] of old) {
    if (!now.has(id)) {
      lines.push(m.audit_removed({ what: withSummary(x, before) }, w.locale));
      touched.push(id);
    }
  }
  // Positions among the things both versions share, so one removal does not read as every later thing moving.
  const kept = a.filter((x) => now.has(x.id)).map((x) => x.id);
  const keptAfter = b.filter((x) => old.has(x.id)).map((x) => x.id);
  for (const [i, x] of b.entries()) {
    const was = old.get(x.id);
    if (!was) {
      lines.push(m.audit_added({ what: withSummary(x, after) }, w.locale));
      touched.push(x.id);
      continue;
    }
    const fields = kind.fields(w, was.x, x, before, after);
    if (fields.length) lines.push(m.audit_changed({ what: title(was.x, before), fields: joined(w, fields) }, w.locale));
    const moved = kept.indexOf(x.id) !== keptAfter.indexOf(x.id) && movedItself(kept, keptAfter, x.id);
    if (moved) lines.push(m.audit_moved({ what: title(x, after), from: was.i + 1, to: i + 1 }, w.locale));
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

/** Every change to the event, in the order settings, categories, criteria, teams, jurors, agenda, in the language of `w`. */
export function eventChanges(w: Words, before: PodiumEvent, after: PodiumEvent): { lines: string[]; touched: Record<Listed, string[]> } {
  const settings = settingsChanges(w, before, after);
  const lines: string[] = settings.length ? [m.audit_settings({ changes: joined(w, settings) }, w.locale)] : [];
  const touched = {} as Record<Listed, string[]>;
  for (const list of Object.keys(KINDS) as Listed[]) {
    const c = listChanges(w, list, before, after);
    lines.push(...c.lines);
    touched[list] = c.touched;
  }
  return { lines, touched };
}

/** "6 teams, 4 jurors, …": the size of an event, for imports. */
export function eventSize(w: Words, event: PodiumEvent): string {
  return m.audit_event_size(
    { teams: event.teams.length, jurors: event.jurors.length, criteria: event.criteria.length, categories: event.categories.length, items: event.agenda.length },
    w.locale,
  );
}
