// The messages in messages/{locale}.json: every message in both languages, with the same
// parameters, and French typography (a narrow no-break space, U+202F, before : ; ! ?).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Messages = Record<string, string | Variant[]>;

const load = (locale: string): Messages => {
  const { $schema: _schema, ...messages } = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Messages & { $schema?: string };
  return messages;
};
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as { baseLocale: string; locales: string[] };
const all = Object.fromEntries(settings.locales.map((l) => [l, load(l)]));

/** Every text a message can produce (each plural or select variant). */
const texts = (message: string | Variant[]): string[] => (typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match)));
/** The {parameters} a message takes: placeholders in its texts and its declared inputs. */
function params(message: string | Variant[]): string[] {
  const names = new Set<string>();
  for (const text of texts(message)) for (const [, name] of text.matchAll(/\{\s*([A-Za-z_][\w]*)\s*\}/g)) names.add(name!);
  if (typeof message !== 'string') {
    const locals = new Set(message.flatMap((v) => (v.declarations ?? []).map((d) => /^local\s+(\w+)/.exec(d)?.[1]).filter(Boolean)));
    for (const v of message) for (const d of v.declarations ?? []) if (/^input\s+(\w+)/.test(d)) names.add(/^input\s+(\w+)/.exec(d)![1]!);
    for (const local of locals) names.delete(local!);
  }
  return [...names].sort();
}

/** French typography faults in a text: a plain space, or none, before : ; ! ? (placeholders and URLs aside). */
function frenchTypographyFaults(text: string): string[] {
  const plain = text.replace(/\{[^}]*\}/g, '{}').replace(/\bhttps?:\/\/\S+/g, '');
  const faults: string[] = [];
  for (const match of plain.matchAll(/(.)([:;!?])/g)) {
    const [whole, before] = match;
    if (before !== '\u202f') faults.push(`“${whole}” at ${match.index} wants U+202F before ${whole.at(-1)}`);
  }
  return faults;
}

describe('messages', () => {
  it('has French and English, English the base', () => {
    expect(settings.baseLocale).toBe('en');
    expect(settings.locales.sort()).toEqual(['en', 'fr']);
  });

  it('every message exists in every language', () => {
    const keys = (l: string) => Object.keys(all[l]!).sort();
    for (const locale of settings.locales) expect({ locale, keys: keys(locale) }).toEqual({ locale, keys: keys(settings.baseLocale) });
  });

  it('each message takes the same parameters in every language', () => {
    for (const [key, base] of Object.entries(all[settings.baseLocale]!)) {
      for (const locale of settings.locales) {
        const other = all[locale]![key];
        if (other === undefined) continue; // the test above names it
        expect({ key, locale, params: params(other) }).toEqual({ key, locale, params: params(base) });
      }
    }
  });

  it('French messages put a narrow no-break space before : ; ! ?', () => {
    const faults = Object.entries(all.fr!).flatMap(([key, message]) => texts(message).flatMap((t) => frenchTypographyFaults(t).map((f) => `${key}: ${f}`)));
    expect(faults).toEqual([]);
  });

  it('the checks themselves catch what they are for', () => {
    expect(frenchTypographyFaults('Ensuite : {title}')).toHaveLength(1);
    expect(frenchTypographyFaults('Ensuite: {title}')).toHaveLength(1);
    expect(frenchTypographyFaults('Prêt\u00a0?')).toHaveLength(1);
    expect(frenchTypographyFaults('Ensuite\u202f: {title} à {time}')).toEqual([]);
    expect(frenchTypographyFaults('Voir https://example.org:8080/a')).toEqual([]);
    expect(params('{count} scores à {time}')).toEqual(['count', 'time']);
    expect(params([{ declarations: ['input count', 'local n = count: plural'], selectors: ['n'], match: { 'n=one': 'un', 'n=other': '{count}' } }])).toEqual(['count']);
  });
});
