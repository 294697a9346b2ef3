// An organiser's export fetched with the token (a link cannot carry it) and handed to the
// browser as a file download: the Results tab's exports and the people's vote's alike.
import { m } from '../../../../../protocol/i18n.ts';

/** Saves a fetched export's body as `podium-<file>`. */
export async function saveDownload(res: Response, file: string): Promise<void> {
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `podium-${file}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Fetches `/api/<file><query>` with the token and saves it. Returns null when the file was
 * saved, else why not, in the console's language: refused, failed with a status, unreachable.
 */
export async function downloadExport(token: string, file: string, query = ''): Promise<string | null> {
  try {
    const res = await fetch(`/api/${file}${query}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!res.ok) return res.status === 401 || res.status === 403 ? m.export_refused() : m.export_failed({ status: res.status });
    await saveDownload(res, file);
    return null;
  } catch {
    return m.export_unreachable();
  }
}
