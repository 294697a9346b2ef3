// The people's vote as files for the organiser: the tally (CSV, JSON with the blend
// and the watch) and the ticket codes (CSV, one line per badge, with its link).
// Worded in the event's language, times in its zone, like the other reports.
import { m } from '../../protocol/i18n.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import { blend, tally, ticketLink } from '../../protocol/votes.ts';
import { voteWatch } from '../domain/votes.ts';
import { csvStyleOf, localDateTime, toCsv, type CsvStyle } from './reports.ts';

const wordsOf = (data: PodiumData) => ({ locale: data.event.settings.language });

export function votesJson(data: PodiumData, now: number) {
  const t = tally(data.event.teams, data.ballots, data.peopleVote);
  const name = new Map(data.event.teams.map((team) => [team.id, team.name]));
  const jury = leaderboard(data.event, Object.values(data.scores), now).overall;
  const v = data.peopleVote;
  return {
    exportedAt: now,
    vote: { status: v.status, openedAt: v.openedAt, closedAt: v.closedAt, closesAt: v.closesAt, shown: v.shown, ticketMode: v.ticketMode, audienceWeight: v.audienceWeight, inReveal: v.inReveal },
    total: t.total,
    tally: t.rows.map((r) => ({ ...r, team: name.get(r.teamId) ?? r.teamId })),
    /** The jury's and the audience's rankings by rank points, the audience weighing `audienceWeight` percent. */
    blend: v.audienceWeight > 0 ? blend(jury, t, v.audienceWeight).map((r) => ({ ...r, team: name.get(r.teamId) ?? r.teamId })) : null,
    watch: voteWatch(data),
  };
}

export function votesCsv(data: PodiumData, style: CsvStyle = csvStyleOf(data.event.settings.language)): string {
  const words = wordsOf(data);
  const t = tally(data.event.teams, data.ballots, data.peopleVote);
  const name = new Map(data.event.teams.map((team) => [team.id, team.name]));
  const col = {
    place: m.vote_col_place({}, words),
    team: m.export_col_team({}, words),
    votes: m.vote_col_votes({}, words),
    share: m.vote_col_share({}, words),
    tied: m.vote_col_tied({}, words),
  };
  const rows = t.rows.map((r) => ({
    [col.place]: r.rank,
    [col.team]: name.get(r.teamId) ?? r.teamId,
    [col.votes]: r.votes,
    [col.share]: Number((r.share * 100).toFixed(1)),
    [col.tied]: r.tied ? m.export_yes({}, words) : '',
  }));
  return toCsv(rows, Object.values(col), style);
}

/** One line per ticket code: the code, the link its QR code opens, and whether (and when) it voted. */
export function ticketsCsv(data: PodiumData, baseUrl: string, style: CsvStyle = csvStyleOf(data.event.settings.language)): string {
  const words = wordsOf(data);
  const zone = data.event.settings.timeZone;
  const col = { code: m.vote_col_code({}, words), link: m.vote_col_link({}, words), used: m.vote_col_used({ zone }, words) };
  const votedAt = new Map(Object.values(data.ballots).flatMap((b) => (b.ticket ? [[b.ticket, b.at] as const] : [])));
  const rows = Object.keys(data.tickets).map((code) => ({
    [col.code]: code,
    [col.link]: ticketLink(baseUrl, code),
    [col.used]: votedAt.has(code) ? localDateTime(votedAt.get(code)!, zone) : '',
  }));
  return toCsv(rows, Object.values(col), style);
}

/** The ticket codes for the console's printable sheet: each code, and when it voted (null: not yet). */
export function ticketsJson(data: PodiumData, now: number) {
  const votedAt = new Map(Object.values(data.ballots).flatMap((b) => (b.ticket ? [[b.ticket, b.at] as const] : [])));
  return { exportedAt: now, tickets: Object.keys(data.tickets).map((code) => ({ code, usedAt: votedAt.get(code) ?? null })) };
}
