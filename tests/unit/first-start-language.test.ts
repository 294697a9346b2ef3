// The language of the event a first start creates, and the demo event in that language.
import { describe, expect, it } from 'vitest';
import { firstStartLanguage } from '../../server/config.ts';
import { demoEvent } from '../../server/domain/demo-event.ts';

describe('the first start’s language', () => {
  it('is PODIUM_LANG when set, whatever the machine says', () => {
    expect(firstStartLanguage({ PODIUM_LANG: 'fr', LANG: 'en_GB.UTF-8' })).toBe('fr');
    expect(firstStartLanguage({ PODIUM_LANG: 'en', LANG: 'fr_CH.UTF-8' })).toBe('en');
    expect(() => firstStartLanguage({ PODIUM_LANG: 'de' })).toThrow(/PODIUM_LANG must be fr or en/);
  });
  it('else the machine’s locale, LC_ALL first; English for any other language', () => {
    expect(firstStartLanguage({ LANG: 'fr_CH.UTF-8' })).toBe('fr');
    expect(firstStartLanguage({ LC_ALL: 'fr_FR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(firstStartLanguage({ LANG: 'de_CH.UTF-8' })).toBe('en');
  });
});

describe('the demo event', () => {
  it('in French: its award, sessions, criteria and questions', () => {
    const fr = demoEvent(new Date(), { language: 'fr', timeZone: 'Europe/Zurich' });
    expect(fr.settings).toMatchObject({ name: 'Prix des jeunes innovateurs contre la pollution plastique', language: 'fr', timeZone: 'Europe/Zurich' });
    expect(fr.criteria.map((c) => c.name)).toEqual(['Impact', 'Portée', 'Mise en œuvre', 'Environnement']);
    expect(fr.criteria[0]!.question).toBe('Combien de plastique votre idée permet-elle d’économiser\u202f?');
    expect(fr.agenda.filter((i) => i.kind === 'session').map((i) => i.kind === 'session' && i.title)).toEqual([
      'Accueil et introduction', 'Courte pause', 'Délibération du jury', 'Remise des prix',
    ]);
    expect(fr.categories.map((c) => c.name)).toContain('Économie circulaire');
  });
  it('in English, the same event: same teams, shape and timing', () => {
    const en = demoEvent(new Date(0), { language: 'en', timeZone: 'UTC' });
    const fr = demoEvent(new Date(0), { language: 'fr', timeZone: 'UTC' });
    expect(en.settings.name).toBe('Young Innovators against Plastic Pollution Award');
    expect(en.criteria.map((c) => c.name)).toEqual(['Impact', 'Reach', 'Implementation', 'Environmental']);
    expect(fr.teams.map((t) => t.name)).toEqual(en.teams.map((t) => t.name));
    expect(fr.agenda.map((i) => i.phases.map((p) => p.durationMs))).toEqual(en.agenda.map((i) => i.phases.map((p) => p.durationMs)));
  });
});
