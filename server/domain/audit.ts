// The audit log: every change a person makes, written inside the same change as
// the change itself (so it is saved with it or not at all), with a detail an
// organiser can read: names and values, never ids or juror links.
import type { Payload } from '../../protocol/events.ts';
import { m } from '../../protocol/i18n.ts';
import type { AuditEntry, Criterion, Language, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { formatOutOf, scaleOf, weightedScore } from '../../protocol/scoring.ts';
import { itemTitle } from './agenda.ts';
import { eventChanges, eventSize } from './audit-diff.ts';
import { currentRevealView } from './visibility.ts';

/** Events whose domain functions write their own entries (or change nothing a person owns). */
const SELF_AUDITED: ReadonlySet<string> = new Set(['clock:ping', 'score:submit', 'scoring:open', 'scoring:close', 'juror:set-conflict']);

const MAX_DETAIL = 4000;
/** Cut to the schema's limit, never inside an emoji (a lone surrogate half). */
const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 2).replace(/[\uD800-\uDBFF]$/, '')}…` : s);

interface Before {
  event: PodiumEvent;
  visibility: PodiumData['visibility'];
  live: Pick<PodiumData['live'], 'itemIndex' | 'phaseIndex' | 'message'> & { timer: PodiumData['live']['timer']['status'] };
  peopleVote: PodiumData['peopleVote'];
  tickets: number;
}

function snapshot(data: PodiumData): Before {
  const { itemIndex, phaseIndex, message, timer } = data.live;
  // The builder edits things in place, so the event before is a copy; the frozen board is not needed.
  return {
    event: structuredClone(data.event),
    visibility: { ...data.visibility, frozenBoard: null },
    live: { itemIndex, phaseIndex, message, timer: timer.status },
    peopleVote: { ...data.peopleVote },
    tickets: Object.keys(data.tickets).length,
  };
}

const quote = (s: string) => `"${s}"`;

function showLines(before: Before, data: PodiumData): string[] {
  const lines: string[] = [];
  const v0 = before.visibility;
  const v1 = data.visibility;
  if (v0.mode !== v1.mode) lines.push(`rankings on the public screens: ${v0.mode} → ${v1.mode}`);
  if (v0.focus !== v1.focus) {
    const focus = (f: string | null) => (f === null ? 'overall' : f === 'rotate' ? 'every category in turn' : `category ${quote(data.event.categories.find((c) => c.id === f)?.name ?? f)}`);
    lines.push(`projector rankings: ${focus(v0.focus)} → ${focus(v1.focus)}`);
  }
  if (v0.revealStep !== v1.revealStep) {
    const view = currentRevealView(data);
    const last = view?.places.at(-1);
    const where = last ? `${last.categoryId === null ? 'overall' : `category ${quote(data.event.categories.find((c) => c.id === last.categoryId)?.name ?? '?')}`} place ${last.rank}` : '';
    const shown = last ? (last.teamHidden ? `${where} announced, team not yet shown` : `${where}: ${last.rows.map((r) => quote(data.event.teams.find((t) => t.id === r.teamId)?.name ?? '?')).join(', ')}`) : 'nothing shown';
    lines.push(`reveal step ${v0.revealStep} → ${v1.revealStep}${view ? ` of ${view.total}` : ''} (${shown})`);
  }
  const l0 = before.live;
  const l1 = data.live;
  const title = (event: PodiumEvent, i: number) => {
    const item = event.agenda[i];
    return item ? quote(itemTitle(event, item)) : 'before the show';
  };
  if (l0.itemIndex !== l1.itemIndex) lines.push(`on stage: ${title(before.event, l0.itemIndex)} → ${title(data.event, l1.itemIndex)}`);
  if (l0.phaseIndex !== l1.phaseIndex && l0.itemIndex === l1.itemIndex) {
    const phases = data.event.agenda[l1.itemIndex]?.phases ?? [];
    lines.push(`phase: ${phases[l0.phaseIndex]?.name ?? l0.phaseIndex + 1} → ${phases[l1.phaseIndex]?.name ?? l1.phaseIndex + 1}`);
  }
  if (l0.timer !== l1.timer.status) lines.push(`timer: ${l0.timer} → ${l1.timer.status}`);
  if (l0.message?.text !== l1.message?.text || l0.message?.at !== l1.message?.at) {
    lines.push(l1.message ? `stage message: ${quote(l1.message.text)}${l1.message.flash ? ' (flashing)' : ''}` : 'stage message cleared');
  }
  return lines;
}

/** The people's vote: opened (with its duration), closed, shown or hidden, who may vote, the blend, tickets made. */
function voteLines(before: Before, data: PodiumData): string[] {
  const v0 = before.peopleVote;
  const v1 = data.peopleVote;
  const lines: string[] = [];
  const counted = Object.keys(data.ballots).length;
  if (v1.status === 'open' && (v0.status !== 'open' || v0.openedAt !== v1.openedAt)) {
    lines.push(`people’s vote opened${v1.closesAt !== null && v1.openedAt !== null ? ` for ${Math.round((v1.closesAt - v1.openedAt) / 1000)} s` : ''}`);
  }
  if (v0.status === 'open' && v1.status === 'closed') lines.push(`people’s vote closed (${counted} ballots)`);
  if (v0.shown !== v1.shown) lines.push(v1.shown ? `people’s vote tally shown to the room (${counted} ballots)` : 'people’s vote tally hidden from the room');
  if (v0.ticketMode !== v1.ticketMode) lines.push(v1.ticketMode ? 'people’s vote: ticket holders only' : 'people’s vote: one vote per phone');
  if (v0.audienceWeight !== v1.audienceWeight) lines.push(`people’s vote weight in the blended ranking: ${v0.audienceWeight} % → ${v1.audienceWeight} %`);
  const made = Object.keys(data.tickets).length - before.tickets;
  if (made > 0) lines.push(`${made} ticket codes made`);
  return lines;
}

function describe(event: string, payload: unknown, before: Before, data: PodiumData): { lines: string[]; teamId?: string; jurorId?: string } {
  if (event === 'event:import') {
    return { lines: [`imported event ${quote(data.event.settings.name)} (${eventSize(data.event)}), replacing ${quote(before.event.settings.name)} (${eventSize(before.event)})`] };
  }
  const { lines, touched } = eventChanges(before.event, data.event);
  if (event === 'team:import-csv') lines.unshift(`imported ${data.event.teams.length - before.event.teams.length} teams from a CSV file`);
  if (event === 'timer:adjust') {
    const delta = (payload as Payload<'timer:adjust'>).deltaMs;
    lines.push(`time ${delta < 0 ? '−' : '+'}${Math.abs(delta) / 1000} s on ${quote(data.event.agenda[data.live.itemIndex] ? itemTitle(data.event, data.event.agenda[data.live.itemIndex]!) : '?')}`);
  }
  lines.push(...showLines(before, data), ...voteLines(before, data));
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : undefined);
  const teamId = one(touched.teams);
  const jurorId = one(touched.jurors);
  return { lines, ...(teamId ? { teamId } : {}), ...(jurorId ? { jurorId } : {}) };
}

/**
 * Runs an organiser's change and records it in the audit log, inside the same
 * store change: a refused change (apply throws) leaves no entry. `event` names
 * the action (a client event's name, or e.g. an HTTP import's).
 */
export function audited<T>(data: PodiumData, event: string, payload: unknown, now: number, apply: () => T): T {
  if (SELF_AUDITED.has(event)) return apply();
  const before = snapshot(data);
  const result = apply();
  const { lines, teamId, jurorId } = describe(event, payload, before, data);
  const entry: AuditEntry = { at: now, actor: 'organiser', action: event, detail: clip(lines.length ? lines.join('; ') : 'no change') };
  if (teamId && data.event.teams.some((t) => t.id === teamId)) entry.teamId = teamId;
  if (jurorId && data.event.jurors.some((j) => j.id === jurorId)) entry.jurorId = jurorId;
  data.audit.push(entry);
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
