// Refusals carry a message key and parameters; a page says them in its language, the
// server's English message comes from the same message.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { baseLocale, m, overwriteGetLocale } from '../../protocol/i18n.ts';
import { DomainError, refusal, type ErrorParams } from '../../protocol/result.ts';
import { errorText, knowErrorMessages } from '../../client/src/lib/i18n/errors.ts';
import { ALL_ERROR_MESSAGES, paramsWithDetails } from '../../client/src/lib/i18n/error-messages.ts';
import { issueDetails } from '../../protocol/issues.ts';
import { parseTeamsCsv } from '../../server/domain/team-import.ts';
import { parseEventImport } from '../../server/domain/event-import.ts';
import { Payloads } from '../../protocol/events.ts';
import { Criterion, Id, TimeZone } from '../../protocol/model.ts';
import type { z } from 'zod';

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
    knowErrorMessages(ALL_ERROR_MESSAGES, paramsWithDetails);
    speak('fr');
    expect(errorText(builder)).toBe('«\u202fTide Turners\u202f» est sur scène\u202f: passez à un autre point du programme avant de supprimer l’équipe.');
  });
});

const N = '\u202f';
const refusedBy = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.toResultError();
  }
  throw new Error('not refused');
};

describe('the problems a refusal lists, in the page’s language', () => {
  it('a team CSV’s bad lines: each line said in French on a French page, the English kept for logs', () => {
    const error = refusedBy(() => parseTeamsCsv(`name,project\n,no name\nToo,many,values\nGood,ok\ngood,dup\nLong,${'x'.repeat(121)}\n`));
    speak('fr');
    expect(errorText(error)).toBe(
      [
        `Rien n’a été importé. Corrigez ces lignes${N}:`,
        `ligne 2${N}: name ne doit pas être vide`,
        `ligne 3${N}: 3 valeurs pour 2 colonnes (mettez une valeur qui contient une virgule entre guillemets droits "…")`,
        `ligne 5${N}: l’équipe «${N}good${N}» figure déjà à la ligne 4`,
        `ligne 6${N}: project compte au plus 120 caractères`,
      ].join('\n'),
    );
    speak('en');
    expect(errorText(error)).toBe(error.message);
    expect(error.message).toContain('line 6: project at most 120 characters');
  });

  it('the details of an invalid request: each field and what is wrong, in French', () => {
    const parsed = Payloads['timer:adjust'].safeParse({ deltaMs: 'soon', extra: 1 });
    expect(parsed.success).toBe(false);
    const error = refusal('bad-request', 'error_invalid_request', { action: 'timer:adjust' }, { param: 'details', join: 'list', items: issueDetails(parsed.error!) });
    expect(error.message).toMatch(/^Refused \(timer:adjust\): deltaMs: not the expected type \(number\); payload: unknown field\(s\) "extra"$/);
    speak('fr');
    expect(errorText(error)).toBe(`Refusé (timer:adjust)${N}: deltaMs${N}: type inattendu (number attendu)${N}; payload${N}: champ(s) inconnu(s) "extra"`);
  });

  it('an event file that is not one: what is wrong with it, in French', () => {
    const error = refusedBy(() => parseEventImport('{"event":{"settings":1}}'));
    speak('fr');
    expect(errorText(error)).toMatch(new RegExp(`^Ce fichier n’est pas un événement Podium \\(settings${N}: type inattendu \\(object attendu\\)${N}; `));
    speak('en');
    expect(errorText(error)).toMatch(/^That file is not a Podium event \(settings: not the expected type \(object\); /);
  });

  it('names limits in words: lengths, counts, whole numbers and choices', () => {
    const say = (schema: keyof typeof Payloads, payload: unknown) => {
      const parsed = Payloads[schema].safeParse(payload);
      return issueDetails(parsed.error!).map((d) => `${d.key} ${JSON.stringify(d.params)}`);
    };
    expect(say('timer:adjust', { deltaMs: 1.5 })).toEqual(['error_issue_whole {"field":"deltaMs"}']);
  });

  it('says the model’s own checks by name: a reserved id, a scale upside down, an unknown time zone', () => {
    const details = (schema: z.ZodType, value: unknown) => {
      const parsed = schema.safeParse(value);
      expect(parsed.success).toBe(false);
      return issueDetails(parsed.error!);
    };
    const reserved = details(Id, '__proto__');
    const upsideDown = details(Criterion, { id: 'c', name: 'Impact', question: '', weight: 1, min: 10, max: 1 });
    const zone = details(TimeZone, 'Mars/Olympus_Mons');
    expect([reserved, upsideDown, zone].map((d) => d.map((i) => i.key))).toEqual([
      ['error_issue_reserved'],
      ['error_issue_scale_order'],
      ['error_issue_time_zone'],
    ]);
    speak('fr');
    const error = refusal('bad-request', 'error_invalid_request', { action: 'criterion:save' }, { param: 'details', join: 'list', items: upsideDown });
    // The field as the Build form names it, not as the schema does.
    expect(errorText(error)).toBe(`Refusé (criterion:save)${N}: Le haut de l’échelle${N}: le haut de l’échelle doit dépasser le bas`);
    speak('en');
    expect(errorText(error)).toBe('Refused (criterion:save): The top of the scale: the top of the scale must be above the bottom');
    // The server's log keeps the schema's names.
    expect(error.message).toBe('Refused (criterion:save): max: the top of the scale must be above the bottom');
  });
});
