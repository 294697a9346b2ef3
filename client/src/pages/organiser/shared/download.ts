// An organiser's export fetched with the token (a link cannot carry it) and handed to the
// browser as a file download: the Results tab's exports and the people's vote's alike.

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
