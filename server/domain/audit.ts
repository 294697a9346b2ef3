// The audit log: every change a person makes, written inside the same change as
// the change itself (so it is saved with it or not at all), with a detail an
// organiser can read: names and values, never ids or juror links.
import type { Payload } from '../../protocol/events.ts';
import { m } from '../../protocol/i18n.ts';
import type { AgendaItem, AuditEntry, Criterion, Language, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { formatDuration } from '../../protocol/format.ts';
import { formatOutOf, scaleOf, weightedScore } from '../../protocol/scoring.ts';
import { itemTitle } from './agenda.ts';
import { eventChanges, eventSize, joined, quote, wordsFor, type Words } from './audit-diff.ts';
import { currentRevealView } from './visibility.ts';
import { DEFAULT_ROOM_ID, mainRoomId, peekLive, roomIdOf, roomsOf } from '../../protocol/rooms.ts';
import { currentRound, hasRounds } from '../../protocol/rounds.ts';
import { expoSettingsOf } from '../../protocol/rounds.ts';
import { defaultFinalOrder } from '../../protocol/finalists.ts';

/** Events whose domain functions write their own entries (or change nothing a person owns). */
const SELF_AUDITED: ReadonlySet<string> = new Set(['clock:ping', 'score:submit', 'scoring:open', 'scoring:close', 'juror:set-conflict',
  // The expo round's actions write their own entries (server/domain/expo.ts).
  'expo:next',
  'expo:skip',
  'expo:absent',
  'expo:start',
  'expo:restore',
  'expo:pause',
  'expo:message',
  'expo:score-for',
]);

const MAX_DETAIL = 4000;
/** Cut to the schema's limit, never inside an emoji (a lone surrogate half). */
const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 2).replace(/[\uD800-\uDBFF]$/, '')}…` : s);

interface Before {
  event: PodiumEvent;
  visibility: PodiumData['visibility'];
  /** Each room's show, by room id (a single-stage event: its one room). */
  live: Map<string, LiveBefore>;
  hostTokens: Record<string, string>;
  peopleVote: PodiumData['peopleVote'];
  tickets: number;
}

type LiveBefore = Pick<PodiumData['live'], 'itemIndex' | 'phaseIndex' | 'message'> & { timer: PodiumData['live']['timer']['status'] };

const liveBefore = ({ itemIndex, phaseIndex, message, timer }: PodiumData['live']): LiveBefore => ({ itemIndex, phaseIndex, message, timer: timer.status });

function snapshot(data: PodiumData): Before {
  // The builder edits things in place, so the event before is a copy; the frozen board is not needed.
  return {
    event: structuredClone(data.event),
    visibility: { ...data.visibility, frozenBoard: null },
    live: new Map(roomsOf(data.event).map((r) => [r.id, liveBefore(peekLive(data, r.id))])),
    hostTokens: { ...data.roomHostTokens },
    peopleVote: { ...data.peopleVote },
    tickets: Object.keys(data.tickets).length,
  };
}

const MODE = { hidden: m.audit_mode_hidden, live: m.audit_mode_live, frozen: m.audit_mode_frozen, reveal: m.audit_mode_reveal } as const;
const TIMER = { idle: m.audit_timer_idle, running: m.audit_timer_running, paused: m.audit_timer_paused } as const;

function showLines(w: Words, before: Before, data: PodiumData): string[] {
  const l = w.locale;
  const lines: string[] = [];
  const v0 = before.visibility;
  const v1 = data.visibility;
  const categoryName = (id: string) => quote(w, data.event.categories.find((c) => c.id === id)?.name ?? id);
  if (v0.mode !== v1.mode) lines.push(m.audit_rankings_mode({ from: MODE[v0.mode]({}, l), to: MODE[v1.mode]({}, l) }, l));
  if (v0.focus !== v1.focus) {
    const focus = (f: string | null) =>
      f === null ? m.audit_focus_overall({}, l) : f === 'rotate' ? m.audit_focus_rotate({}, l) : m.audit_focus_category({ name: categoryName(f) }, l);
    lines.push(m.audit_rankings_focus({ from: focus(v0.focus), to: focus(v1.focus) }, l));
  }
  if (v0.revealStep !== v1.revealStep) {
    const view = currentRevealView(data);
    const last = view?.places.at(-1);
    const place = !last
      ? ''
      : last.award === 'people'
        ? m.audit_reveal_people({}, l)
        : m.audit_reveal_place({ where: last.categoryId === null ? m.audit_focus_overall({}, l) : m.audit_focus_category({ name: categoryName(last.categoryId) }, l), rank: last.rank }, l);
    const shown = last
      ? last.teamHidden
        ? last.award === 'people'
          ? m.audit_reveal_people_hidden({}, l)
          : m.audit_reveal_hidden({ place }, l)
        : m.audit_reveal_shown({ place, teams: last.rows.map((r) => quote(w, data.event.teams.find((t) => t.id === r.teamId)?.name ?? '?')).join(', ') }, l)
      : m.audit_reveal_nothing({}, l);
    lines.push(
      view
        ? m.audit_reveal_step({ from: v0.revealStep, to: v1.revealStep, total: view.total, shown }, l)
        : m.audit_reveal_step_alone({ from: v0.revealStep, to: v1.revealStep, shown }, l),
    );
  }
  // Each room's show; with more than one room, each line says which room it was in.
  const several = roomsOf(data.event).length > 1;
  for (const room of roomsOf(data.event)) {
    const l0 = before.live.get(room.id);
    if (!l0) continue;
    const roomLines = liveLines(w, before, l0, data, peekLive(data, room.id));
    lines.push(...(several ? roomLines.map((change) => m.rooms_audit_in_room({ room: quote(w, room.name), change }, l)) : roomLines));
  }
  return lines;
}

function liveLines(w: Words, before: Before, l0: LiveBefore, data: PodiumData, l1: PodiumData['live']): string[] {
  const l = w.locale;
  const lines: string[] = [];
  const title = (event: PodiumEvent, i: number) => {
    const item = event.agenda[i];
    return item ? quote(w, itemTitle(event, item)) : m.audit_before_show({}, l);
  };
  if (l0.itemIndex !== l1.itemIndex) lines.push(m.audit_on_stage({ from: title(before.event, l0.itemIndex), to: title(data.event, l1.itemIndex) }, l));
  if (l0.phaseIndex !== l1.phaseIndex && l0.itemIndex === l1.itemIndex) {
    const phases = data.event.agenda[l1.itemIndex]?.phases ?? [];
    lines.push(m.audit_phase({ from: phases[l0.phaseIndex]?.name ?? l0.phaseIndex + 1, to: phases[l1.phaseIndex]?.name ?? l1.phaseIndex + 1 }, l));
  }
  if (l0.timer !== l1.timer.status) lines.push(m.audit_timer({ from: TIMER[l0.timer]({}, l), to: TIMER[l1.timer.status]({}, l) }, l));
  if (l0.message?.text !== l1.message?.text || l0.message?.at !== l1.message?.at) {
    lines.push(
      l1.message
        ? (l1.message.flash ? m.audit_stage_message_flash : m.audit_stage_message)({ text: quote(w, l1.message.text) }, l)
        : m.audit_stage_message_cleared({}, l),
    );
  }
  return lines;
}

/** The people's vote: opened (with its duration), closed, shown or hidden, who may vote, the blend, tickets made. */
function voteLines(w: Words, before: Before, data: PodiumData): string[] {
  const l = w.locale;
  const v0 = before.peopleVote;
  const v1 = data.peopleVote;
  const lines: string[] = [];
  const ballots = () => m.audit_vote_ballots({ count: Object.keys(data.ballots).length }, l);
  if (v1.status === 'open' && (v0.status !== 'open' || v0.openedAt !== v1.openedAt)) {
    lines.push(
      v1.closesAt !== null && v1.openedAt !== null
        ? m.audit_vote_opened_for({ duration: formatDuration(v1.closesAt - v1.openedAt, w.language) }, l)
        : m.audit_vote_opened({}, l),
    );
  }
  if (v0.status === 'open' && v1.status === 'closed') lines.push(m.audit_vote_closed({ ballots: ballots() }, l));
  if (v0.shown !== v1.shown) lines.push(v1.shown ? m.audit_vote_shown({ ballots: ballots() }, l) : m.audit_vote_hidden({}, l));
  if (v0.ticketMode !== v1.ticketMode) lines.push(v1.ticketMode ? m.audit_vote_tickets_only({}, l) : m.audit_vote_one_per_phone({}, l));
  if (v0.audienceWeight !== v1.audienceWeight) lines.push(m.audit_vote_weight({ from: v0.audienceWeight, to: v1.audienceWeight }, l));
  if (v0.inReveal !== v1.inReveal) lines.push(v1.inReveal ? m.audit_vote_in_reveal({}, l) : m.audit_vote_not_in_reveal({}, l));
  const made = Object.keys(data.tickets).length - before.tickets;
  if (made > 0) lines.push(m.audit_vote_tickets_made({ count: made }, l));
  return lines;
}

function describe(event: string, payload: unknown, before: Before, data: PodiumData): { lines: string[]; teamId?: string; jurorId?: string } {
  // Written in the event's language (after the change: a change of language speaks the new one).
  const w = wordsFor(data.event.settings.language);
  if (event === 'event:import') {
    const imported = { name: quote(w, data.event.settings.name), size: eventSize(w, data.event), previous: quote(w, before.event.settings.name), previousSize: eventSize(w, before.event) };
    return { lines: [m.audit_imported_event(imported, w.locale)] };
  }
  if (event === 'round:close') return { lines: roundCloseLines(w, payload as Payload<'round:close'>, before, data) };
  const { lines, touched } = eventChanges(w, before.event, data.event);
  lines.push(...roundLines(w, before, data));
  if (event === 'team:import-csv') lines.unshift(m.audit_imported_teams({ count: data.event.teams.length - before.event.teams.length }, w.locale));
  if (event === 'timer:adjust') {
    const delta = (payload as Payload<'timer:adjust'>).deltaMs;
    const item = data.event.agenda[peekLive(data, (payload as Payload<'timer:adjust'>).room ?? mainRoomId(data.event)).itemIndex];
    const seconds = Math.abs(delta) / 1000;
    lines.push(m.audit_time_adjust({ delta: `${delta < 0 ? '−' : '+'}${w.language === 'fr' ? String(seconds).replace('.', ',') : seconds}`, item: item ? quote(w, itemTitle(data.event, item)) : '?' }, w.locale));
  }
  if (event === 'juror:assign') {
    const auto = (payload as Payload<'juror:assign'>).auto;
    if (auto) lines.unshift((auto.byRoom ? m.panels_audit_auto_rooms : m.panels_audit_auto)({ k: auto.k }, w.locale));
  }
  if (event === 'operator:new-token') lines.push(m.audit_operator_new_token({}, w.locale));
  if (event === 'operator:revoke-token') lines.push(m.audit_operator_revoked({}, w.locale));
  lines.push(...roomLines(w, before, data));
  lines.push(...showLines(w, before, data), ...voteLines(w, before, data));
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : undefined);
  const teamId = one(touched.teams);
  const jurorId = one(touched.jurors);
  return { lines, ...(teamId ? { teamId } : {}), ...(jurorId ? { jurorId } : {}) };
}

/** Rooms added, renamed, removed; agenda items moved between rooms; room hosts' links made or revoked. */
function roomLines(w: Words, before: Before, data: PodiumData): string[] {
  const l = w.locale;
  const lines: string[] = [];
  const r0 = before.event.rooms ?? [];
  const r1 = data.event.rooms ?? [];
  const name = (rooms: typeof r1, id: string) => quote(w, rooms.find((r) => r.id === id)?.name ?? roomsOf(data.event)[0]!.name);
  for (const r of r1) {
    const was = r0.find((x) => x.id === r.id);
    if (!was && !(r0.length === 0 && r.id === DEFAULT_ROOM_ID)) lines.push(m.rooms_audit_added({ name: quote(w, r.name) }, l));
    else if (was && was.name !== r.name) lines.push(m.rooms_audit_renamed({ from: quote(w, was.name), to: quote(w, r.name) }, l));
  }
  for (const r of r0) if (!r1.some((x) => x.id === r.id)) lines.push(m.rooms_audit_removed({ name: quote(w, r.name) }, l));
  if (r1.length > 1) {
    for (const item of data.event.agenda) {
      const was = before.event.agenda.find((i) => i.id === item.id);
      if (!was) continue;
      const from = roomIdOf(before.event, was);
      const to = roomIdOf(data.event, item);
      if (from !== to) lines.push(m.rooms_audit_item_moved({ item: quote(w, itemTitle(data.event, item)), from: name(r0.length ? r0 : roomsOf(data.event), from), to: name(r1, to) }, l));
    }
  }
  for (const id of new Set([...Object.keys(before.hostTokens), ...Object.keys(data.roomHostTokens)])) {
    const t0 = before.hostTokens[id];
    const t1 = Object.hasOwn(data.roomHostTokens, id) ? data.roomHostTokens[id] : undefined;
    if (t0 === t1 || !r1.some((r) => r.id === id)) continue;
    lines.push(t1 ? m.rooms_audit_host_new({ room: name(r1, id) }, l) : m.rooms_audit_host_revoked({ room: name(r1, id) }, l));
  }
  return lines;
}

/** Rounds added, renamed, removed, their kind and expo rules changed, their order. */
function roundLines(w: Words, before: Before, data: PodiumData): string[] {
  const l = w.locale;
  const lines: string[] = [];
  const r0 = before.event.rounds ?? [];
  const r1 = data.event.rounds ?? [];
  const kind = (k: 'stage' | 'expo') => (k === 'expo' ? m.rounds_kind_expo : m.rounds_kind_stage)({}, l);
  for (const r of r1) {
    const was = r0.find((x) => x.id === r.id);
    const name = quote(w, r.name);
    if (!was) lines.push(`${m.rounds_audit_added({ name }, l)} (${kind(r.kind)})`);
    else {
      if (was.name !== r.name) lines.push(m.rounds_audit_renamed({ from: quote(w, was.name), to: name }, l));
      if (was.kind !== r.kind) lines.push(m.rounds_audit_kind({ name, kind: kind(r.kind) }, l));
    }
    if (r.kind === 'expo' && JSON.stringify(was?.expo) !== JSON.stringify(r.expo)) {
      const e = expoSettingsOf(r);
      lines.push(m.rounds_audit_expo({ name, visits: e.visitsPerTeam, timeout: formatDuration(e.visitTimeoutMs, w.language), absent: e.absentReports }, l));
    }
  }
  for (const r of r0) if (!r1.some((x) => x.id === r.id)) lines.push(m.rounds_audit_removed({ name: quote(w, r.name) }, l));
  const order0 = r0.map((r) => r.id).filter((id) => r1.some((r) => r.id === id));
  const order1 = r1.map((r) => r.id).filter((id) => r0.some((r) => r.id === id));
  if (order0.join() !== order1.join()) lines.push(m.rounds_audit_moved({ names: r1.map((r) => quote(w, r.name)).join(', ') }, l));
  return lines;
}

const pitchedIn = (agenda: readonly AgendaItem[]): string[] => agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []));

/** A round closed: what was archived, by which rule the finalists went on, who they are, and whether panels stay. */
function roundCloseLines(w: Words, payload: Payload<'round:close'>, before: Before, data: PodiumData): string[] {
  const l = w.locale;
  const archive = data.roundArchives[payload.roundId];
  if (!archive) return [];
  const teamName = (id: string) => quote(w, data.event.teams.find((t) => t.id === id)?.name ?? id);
  const { rule, ranking, wildcards } = payload.choice;
  const ruleText =
    rule.kind === 'top' ? m.rounds_audit_rule_top({ n: rule.n }, l) : rule.kind === 'per-room' ? m.rounds_audit_rule_room({ k: rule.k }, l) : m.rounds_audit_rule_category({ k: rule.k }, l);
  const kept = wildcards.filter((id) => archive.advanced.includes(id));
  return [
    m.rounds_audit_closed(
      {
        round: quote(w, archive.round.name),
        scores: Object.keys(archive.scores).length,
        items: archive.agenda.length,
        next: quote(w, currentRound(data.event).name),
        teams: archive.advanced.map(teamName).join(', '),
      },
      l,
    ),
    m.rounds_audit_rule(
      {
        rule: ruleText,
        ranking: (ranking === 'raw' ? m.rounds_audit_raw : m.rounds_audit_normalised)({}, l),
        wildcards: kept.length ? m.rounds_audit_wildcards({ teams: kept.map(teamName).join(', ') }, l) : '',
      },
      l,
    ),
    (payload.keepPanels || !before.event.jurors.some((j) => j.assignedRooms?.length || j.assignedTeams?.length) ? m.rounds_audit_panels_kept : m.rounds_audit_panels_cleared)({}, l),
    // The pitching order, when the organiser set one other than the order the teams pitched in.
    ...(payload.order && payload.order.join() !== defaultFinalOrder(payload.order, pitchedIn(archive.agenda)).join()
      ? [m.rounds_audit_order({ teams: payload.order.map(teamName).join(', ') }, l)]
      : []),
  ];
}

/** The round an entry belongs to, in an event with rounds (the one place entries get it). */
export const roundStamp = (data: Pick<PodiumData, 'event'>): { roundId?: string } => (hasRounds(data.event) ? { roundId: currentRound(data.event).id } : {});

/** Adds an entry to the audit log, with its round in an event with rounds: how every domain function writes one. */
export function record(data: Pick<PodiumData, 'event' | 'audit'>, entry: AuditEntry): void {
  data.audit.push({ ...entry, ...(entry.roundId ? {} : roundStamp(data)) });
}

/** Who made a change: the organiser's console (or exports, imports), the stage crew through the control API, or a room's host. */
export type Actor = 'organiser' | 'operator' | `host:${string}`;

/**
 * Runs an organiser's change and records it in the audit log, inside the same
 * store change: a refused change (apply throws) leaves no entry. `event` names
 * the action (a client event's name, or e.g. an HTTP import's).
 */
export function audited<T>(data: PodiumData, event: string, payload: unknown, now: number, apply: () => T, actor: Actor = 'organiser'): T {
  if (SELF_AUDITED.has(event)) return apply();
  const before = snapshot(data);
  // The round the change was made in (closing a round: the round closed).
  const round = roundStamp(data);
  const result = apply();
  const { lines, teamId, jurorId } = describe(event, payload, before, data);
  const w = wordsFor(data.event.settings.language);
  const entry: AuditEntry = { at: now, actor, action: event, detail: clip(lines.length ? joined(w, lines) : m.audit_no_change({}, w.locale)), ...(round.roundId ? round : roundStamp(data)) };
  if (teamId && data.event.teams.some((t) => t.id === teamId)) entry.teamId = teamId;
  if (jurorId && data.event.jurors.some((j) => j.id === jurorId)) entry.jurorId = jurorId;
  record(data, entry);
  return result;
}

/**
 * A score's marks by criterion name with each scale, and the score they make, in the event's
 * language: "Innovation 8 (1–10), … → 7.43 / 10" / "Innovation 8 (1–10), … → 7,43 / 10".
 * Stored text, written once when the score is given (the audit is read in the event's language).
 */
export function describeMarks(marks: Readonly<Record<string, number>>, criteria: readonly Criterion[], language: Language, noteEdited = false): string {
  const words = { locale: language };
  const given = criteria
    .filter((c) => Object.hasOwn(marks, c.id))
    .map((c) => m.audit_mark({ criterion: c.name, mark: language === 'fr' ? String(marks[c.id]).replace('.', ',') : String(marks[c.id]), min: c.min, max: c.max }, words));
  const score = weightedScore(marks, criteria);
  const text = `${given.join(', ')}${score === null ? '' : ` → ${formatOutOf(score, scaleOf(criteria), language)}`}`;
  return clip(noteEdited ? `${text}; ${m.audit_note_edited({}, words)}` : text);
}

/**
 * Older entries kept a score's marks as JSON keyed by criterion id
 * (`{"drcfj6wnpc":8}`): read them with the criteria's names.
 */
export function readableDetail(detail: string | undefined, criteria: readonly Criterion[], language: Language): string {
  if (!detail?.startsWith('{')) return detail ?? '';
  try {
    const parsed: unknown = JSON.parse(detail);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return detail;
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (!entries.every(([id, v]) => typeof v === 'number' && criteria.some((c) => c.id === id))) return detail;
    return describeMarks(parsed as Record<string, number>, criteria, language);
  } catch {
    return detail;
  }
}
