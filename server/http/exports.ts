// The organiser's exports over HTTP: which report each path serves, as a file.
// routes.ts has already checked the organiser token. Each answer is a function of
// the store at the moment of the request; the reports are built in server/reports/.
import type { ServerResponse } from 'node:http';
import type { PodiumData } from '../../protocol/model.ts';
import type { Clock } from '../domain/clock.ts';
import { auditCsv, auditJson, chosenCsvStyle, resultsCsv, resultsJson, scoresCsv } from '../reports/reports.ts';
import { ticketsCsv, ticketsJson, votesCsv, votesJson } from '../reports/votes.ts';
import type { Store } from '../store/index.ts';
import { closedRoundView } from '../../protocol/round-archives.ts';
import { roundView } from '../../protocol/rounds.ts';
import { sendCsv, sendJson } from './reply.ts';

/** The reports a closed round has of its own (`?round=<id>`): its ranking and its marks. */
const ROUND_REPORTS: ReadonlySet<string> = new Set(['/api/results.json', '/api/results.csv', '/api/scores.csv']);

export function exportRoutes(options: { store: Store; clock: Clock; publicUrl?: () => string | null }) {
  return (url: URL, res: ServerResponse): boolean => {
    const path = url.pathname.replace(/\/+$/, '');
    const all = options.store.data as PodiumData;
    // `?round=<id>`: the results and marks of a closed round, from its archive (absent: the current round).
    const asked = ROUND_REPORTS.has(path) ? url.searchParams.get('round') : null;
    const data = asked === null ? all : roundView(all, asked);
    if (!data) {
      sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'There is no closed round with that id.' } });
      return true;
    }
    const now = options.clock.now();
    // `;` and decimal commas for a French spreadsheet, `,` and points for an English one: the event's by default.
    const style = chosenCsvStyle(url.searchParams.get('csv'), data.event.settings.language);
    const attachment = (name: string) => res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    if (path === '/api/round.json') {
      // A closed round's results, when the console opens them: never in the organiser's state (its archive holds every score).
      const view = closedRoundView(all, url.searchParams.get('round') ?? '');
      if (view) sendJson(res, 200, view);
      else sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'There is no closed round with that id.' } });
      return true;
    }
    switch (path) {
      case '/api/event.json':
        attachment('podium-event.json');
        sendJson(res, 200, { schemaVersion: data.schemaVersion, exportedAt: now, event: data.event });
        return true;
      case '/api/results.json':
        attachment('podium-results.json');
        sendJson(res, 200, resultsJson(data, now));
        return true;
      case '/api/results.csv':
        sendCsv(res, 'podium-results.csv', resultsCsv(data, now, style));
        return true;
      case '/api/scores.csv':
        sendCsv(res, 'podium-scores.csv', scoresCsv(data, style));
        return true;
      case '/api/audit.csv':
        sendCsv(res, 'podium-audit.csv', auditCsv(data, style));
        return true;
      case '/api/audit.json':
        attachment('podium-audit.json');
        sendJson(res, 200, auditJson(data, now));
        return true;
      case '/api/votes.csv':
        sendCsv(res, 'podium-votes.csv', votesCsv(data, style));
        return true;
      case '/api/votes.json':
        attachment('podium-votes.json');
        sendJson(res, 200, votesJson(data, now));
        return true;
      case '/api/tickets.csv':
        // The links the badges' QR codes open: the address phones reach this server at.
        sendCsv(res, 'podium-tickets.csv', ticketsCsv(data, options.publicUrl?.() ?? "", style));
        return true;
      case '/api/tickets.json':
        // The console's printable sheet draws each code's QR code itself, with its own link.
        attachment('podium-tickets.json');
        sendJson(res, 200, ticketsJson(data, now));
        return true;
      default:
        return false;
    }
  };
}
