// The organiser's exports over HTTP: which report each path serves, as a file.
// routes.ts has already checked the organiser token. Each answer is a function of
// the store at the moment of the request; the reports are built in server/reports/.
import type { ServerResponse } from 'node:http';
import type { PodiumData } from '../../protocol/model.ts';
import type { Clock } from '../domain/clock.ts';
import { auditJson, auditRows, resultsCsv, resultsJson, scoresCsv, toCsv } from '../reports/reports.ts';
import type { Store } from '../store/index.ts';
import { sendCsv, sendJson } from './reply.ts';

export function exportRoutes(options: { store: Store; clock: Clock }) {
  return (path: string, res: ServerResponse): boolean => {
    const data = options.store.data as PodiumData;
    const now = options.clock.now();
    const attachment = (name: string) => res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
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
        sendCsv(res, 'podium-results.csv', resultsCsv(data, now));
        return true;
      case '/api/scores.csv':
        sendCsv(res, 'podium-scores.csv', scoresCsv(data));
        return true;
      case '/api/audit.csv': {
        const rows = auditRows(data);
        sendCsv(res, 'podium-audit.csv', toCsv(rows, ['at', 'actor', 'action', 'team', 'juror', 'from revision', 'to revision', 'detail']));
        return true;
      }
      case '/api/audit.json':
        attachment('podium-audit.json');
        sendJson(res, 200, auditJson(data, now));
        return true;
      default:
        return false;
    }
  };
}
