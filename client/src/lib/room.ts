// Which of the event's rooms a public page shows (issue 17): `/screen/<room>` and
// `/stage/<room>`, or `?room=` (the overlay, the audience page); nothing: the main room.
// The server checks the id; one that is gone shows the main room.
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The room in this page's address, if any. */
export function pageRoom(location: Pick<Location, 'pathname' | 'search'> = window.location): string | undefined {
  const fromPath = /^\/(?:screen|stage)\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  const id = fromPath ? decodeURIComponent(fromPath) : new URLSearchParams(location.search).get('room');
  return id && ROOM_ID.test(id) ? id : undefined;
}

const REMEMBERED = 'podium.audience.room';

/** The room this phone picked last (the audience page remembers it). */
export function rememberedRoom(): string | undefined {
  try {
    const id = localStorage.getItem(REMEMBERED);
    return id && ROOM_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function rememberRoom(id: string): void {
  try {
    localStorage.setItem(REMEMBERED, id);
  } catch {
    // Private mode: the pick holds for this visit only.
  }
}
