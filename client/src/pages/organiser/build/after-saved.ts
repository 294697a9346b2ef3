// A form when the server's answer to what it sent comes back. On a slow network the
// organiser may type on while a save is on its way; the answer must not throw that away.

/**
 * The add form to show once `sent` is saved: `blank` if the form still holds what was sent,
 * else what it holds now (the organiser has started the next entry).
 */
export function afterSaved<T extends object>(now: T, sent: T, blank: T): T {
  const keys = new Set([...Object.keys(now), ...Object.keys(sent)] as (keyof T)[]);
  for (const key of keys) if (!Object.is(now[key], sent[key])) return now;
  return blank;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A row's form once the server's value changed from `base` to `server`, field by field:
 * - a field the server did not change keeps what the form holds (typed or not);
 * - a field that still holds what this form `sent`, or that nobody typed into, takes the
 *   server's value (the answer to the save may write it its own way: "2,50" comes back "2,5");
 * - a field this form sent a change to and typed into since keeps what was typed (the organiser
 *   moved on while the save was on its way);
 * - a field the organiser was editing that another console changed meanwhile takes the
 *   server's value: the newest saved value wins over an unsaved one, as before.
 */
export function rebaseDraft<T extends object>(base: T, sent: T | null, now: T, server: T): T {
  const merged = { ...server };
  for (const key of Object.keys(now) as (keyof T)[]) {
    if (same(server[key], base[key])) merged[key] = now[key];
    else if ((sent && same(now[key], sent[key])) || same(now[key], base[key])) merged[key] = server[key];
    else if (sent && !same(sent[key], base[key])) merged[key] = now[key];
  }
  return merged;
}
