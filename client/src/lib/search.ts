// Finding a name by what a person types, whatever its accents, case or ligatures: "ecole" finds
// "École", "strasse" finds "Straße", "cafe" finds "Café ☕". Pure; used by the juror's list of
// teams and the console's long lists.

const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case, without accents (combining marks, variation selectors) or ligatures, spaces folded. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\p{M}\uFE0E\uFE0F]/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LIGATURES[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A matcher for a query: every word of it somewhere in one of the texts. An empty query matches everything. */
export function matcher(query: string): (...texts: string[]) => boolean {
  const words = foldText(query).split(' ').filter(Boolean);
  if (!words.length) return () => true;
  return (...texts) => {
    const hay = foldText(texts.join(' '));
    return words.every((w) => hay.includes(w));
  };
}
