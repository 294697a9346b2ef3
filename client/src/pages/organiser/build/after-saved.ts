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

/** Objects or arrays of one shape (the same keys; arrays of one length): merged part by part. */
function sameShape(values: unknown[]): boolean {
  const [first] = values;
  if (typeof first !== 'object' || first === null) return false;
  const keys = Object.keys(first).join('\u0000');
  return values.every((v) => typeof v === 'object' && v !== null && Array.isArray(v) === Array.isArray(first) && Object.keys(v).join('\u0000') === keys);
}

/**
 * A row's form once the server's value changed from `base` to `server`, field by field (and
 * inside a list of the same length, item by item: an agenda item's phases):
 * - a field the server did not change keeps what the form holds (typed or not), unless it holds
 *   what was sent: the answer to the save kept the server's own value (a trailing space trimmed);
 * - while a save of this form is out (`sent`, what the form held when it was sent), a field
 *   typed into since keeps what was typed, even typed back to what it was (the organiser moved
 *   on while the save was on its way), and a field not typed into since takes the server's
 *   value (its answer may write it its own way: "2,50" comes back "2,5");
 * - with no save out, a field the server changed takes the server's value: another console's
 *   saved value wins over an unsaved edit of the same field.
 */
export function rebaseDraft<T extends object>(base: T, sent: T | null, now: T, server: T): T {
  return merge(base, sent ?? NOT_SENT, now, server) as T;
}

/** No save of the form is out. */
const NOT_SENT = Symbol('not sent');

function merge(base: unknown, sent: unknown, now: unknown, server: unknown): unknown {
  // Not changed by the server: the form's, unless it is what was sent (the answer kept its own value).
  if (same(server, base)) return sent !== NOT_SENT && same(now, sent) ? server : now;
  if (sameShape(sent === NOT_SENT ? [base, now, server] : [base, sent, now, server])) {
    const merged = (Array.isArray(server) ? [...server] : { ...(server as object) }) as Record<string, unknown>;
    const part = (v: unknown, key: string) => (v as Record<string, unknown>)[key];
    for (const key of Object.keys(merged)) merged[key] = merge(part(base, key), sent === NOT_SENT ? NOT_SENT : part(sent, key), part(now, key), part(server, key));
    return merged;
  }
  return sent !== NOT_SENT && !same(now, sent) ? now : server;
}

/**
 * A save the server took without changing anything: each field of the form `now` (edited in
 * place) that still holds what was `sent` shows the server's value, written its way.
 */
export function settleDraft<T extends object>(now: T, sent: T, server: T): void {
  for (const key of Object.keys(now) as (keyof T)[]) if (same(now[key], sent[key])) now[key] = server[key];
}
