// Refusals carry a message key and parameters; a page says them in its language, the
// server's English message comes from the same message.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { baseLocale, m, overwriteGetLocale } from '../../protocol/i18n.ts';
import { DomainError, refusal, type ErrorParams } from '../../protocol/result.ts';
import { errorText, knowErrorMessages } from '../../client/src/lib/i18n/errors.ts';
import { ALL_ERROR_MESSAGES } from '../../client/src/lib/i18n/error-messages.ts';

const en = JSON.parse(readFileSync(new URL('../../messages/en.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const speak = (locale: 'fr' | 'en') => overwriteGetLocale(() => locale);
afterEach(() => overwriteGetLocale(() => baseLocale));

describe('error messages', () => {
  it('the console knows every error_ message of messages/en.json', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('error_'));
    expect(keys.length).toBeGreaterThan(80);
    expect(Object.keys(ALL_ERROR_MESSAGES).sort()).toEqual(keys.sort());
  });

  it('the console reads each error message from the message files exactly as the compiled message says it', () => {
    for (const [key, text] of Object.entries(en).filter(([k]) => k.startsWith('error_'))) {
      expect(typeof text, `${key} is plain text (no plural variants)`).toBe('string');
      const params: ErrorParams = Object.fromEntries([...(text as string).matchAll(/\{(\w+)\}/g)].map(([, name], i) => [name!, `«${name}-${i}»`]));
      for (const locale of ['en', 'fr'] as const) {
        speak(locale);
        const compiled = (m[key as keyof typeof m] as unknown as (p: ErrorParams, o: { locale: string }) => string)(params, { locale });
        expect(errorText({ code: 'internal', message: '', key: key as never, params }), `${key} in ${locale}`).toBe(compiled);
      }
    }
  });

  it('a DomainError keeps its code, key and parameters, and its English text for logs', () => {
    const e = new DomainError('closed', 'error_scoring_closed', { team: 'Solar Sprouts' });
    expect(e.code).toBe('closed');
    expect(e.message).toBe('Scoring for "Solar Sprouts" is closed; your last saved score stands.');
    expect(e.toResultError()).toEqual({ code: 'closed', key: 'error_scoring_closed', params: { team: 'Solar Sprouts' }, message: e.message });
  });

  it('an older plain-English DomainError falls back on its code’s words', () => {
    const e = new DomainError('storage', 'Could not save to disk; nothing was changed. Please try again.');
    expect(e.key).toBe('error_code_storage');
    expect(e.message).toBe('Could not save to disk; nothing was changed. Please try again.');
    speak('fr');
    expect(errorText(e.toResultError())).toBe('Impossible d’enregistrer sur le disque\u202f; rien n’a été modifié. Veuillez réessayer.');
  });

  it('says a refusal in the page’s language, with its parameters', () => {
    const error = new DomainError('closed', 'error_scoring_closed', { team: 'Tide Turners' }).toResultError();
    speak('fr');
    expect(errorText(error)).toBe('L’évaluation de «\u202fTide Turners\u202f» est close\u202f; votre dernière évaluation enregistrée est retenue.');
    speak('en');
    expect(errorText(error)).toBe('Scoring for "Tide Turners" is closed; your last saved score stands.');
  });

  it('a key this page does not know reads as its code’s sentence; without a key, English keeps the message', () => {
    // A juror page knows no builder refusal until the console's full set is loaded.
    knowErrorMessages({});
    const builder = refusal('conflict', 'error_team_on_stage', { team: 'Tide Turners' });
    speak('fr');
    expect(errorText(builder)).toBe('Cela contredit l’état actuel\u202f: rien n’a été modifié.');
    expect(errorText({ code: 'internal', message: 'The server answered 502.' })).toBe('Erreur interne\u202f: rien n’a été modifié. Veuillez réessayer.');
    speak('en');
    expect(errorText({ code: 'internal', message: 'The server answered 502.' })).toBe('The server answered 502.');
    knowErrorMessages(ALL_ERROR_MESSAGES);
    speak('fr');
    expect(errorText(builder)).toBe('«\u202fTide Turners\u202f» est sur scène\u202f: passez à un autre point du programme avant de supprimer l’équipe.');
  });
});
