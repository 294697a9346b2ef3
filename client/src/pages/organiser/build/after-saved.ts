// An add form after the server has acknowledged what it sent.

/**
 * The form to show once `sent` is saved: `blank` if the form still holds what was sent, else
 * what it holds now. On a slow network the organiser may type the next entry while the last
 * one is on its way; emptying the form at the acknowledgement would throw that typing away.
 */
export function afterSaved<T extends object>(now: T, sent: T, blank: T): T {
  const keys = new Set([...Object.keys(now), ...Object.keys(sent)] as (keyof T)[]);
  for (const key of keys) if (!Object.is(now[key], sent[key])) return now;
  return blank;
}
