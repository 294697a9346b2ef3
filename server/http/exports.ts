// The organiser's exports. Each returns true when it answered the path.
import type { ServerResponse } from 'node:http';
import type { RouteOptions } from './routes.ts';
import { sendJson } from './routes.ts';

export function exportRoutes(options: RouteOptions) {
  return (path: string, res: ServerResponse): boolean => {
    const data = options.store.data;
    switch (path) {
      case '/api/event.json': {
        res.setHeader('Content-Disposition', 'attachment; filename="podium-event.json"');
        sendJson(res, 200, { schemaVersion: data.schemaVersion, exportedAt: options.clock.now(), event: data.event });
        return true;
      }
      default:
        return false;
    }
  };
}
