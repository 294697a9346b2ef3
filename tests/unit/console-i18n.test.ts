// The console's words in French that are built in code rather than markup: the outlier
// banner, the explanation of a score, the keyboard help. English is checked where each is
// tested already (ranking.test.ts, shortcuts.test.ts, results-sheet browser test).
import { afterEach, describe, expect, it } from 'vitest';
import { explainScoring } from '../../protocol/scoring.ts';
import { outlierSentence } from '../../client/src/pages/organiser/results/outlier.ts';
import { keyName, SHORTCUTS } from '../../client/src/pages/organiser/live/shortcuts.ts';
import { overwriteGetLocale } from '../../protocol/i18n.ts';
import type { Criterion } from '../../protocol/model.ts';

const NNBSP = '\u202f';
const juror = (above: number, below: number, compared: number, meanDistance: number) =>
  ({ outlier: true, above, below, compared, meanDistance, meanGap: 0 }) as unknown as Parameters<typeof outlierSentence>[1];

describe('the outlier banner in French', () => {
  it('says the distance with a decimal comma and counts teams in French plurals', () => {
    expect(outlierSentence('Ingrid Holm', juror(1, 1, 2, 4), { min: 0, max: 10 }, 'fr')).toBe(
      `Ingrid Holm${NNBSP}: scores à 4,0 points en moyenne de la médiane des autres jurés (échelle 0–10), hausses et baisses confondues${NNBSP}; plus hauts sur 1 équipe, plus bas sur 1 équipe.`,
    );
    expect(outlierSentence('E', juror(2, 0, 3, 8 / 3), { min: 0, max: 10 }, 'fr')).toMatch(/à 2,7 points .* plus hauts sur 2 des 3 équipes comparées\.$/);
    expect(outlierSentence('E', juror(0, 4, 4, 2), { min: 1, max: 10 }, 'fr')).toMatch(/plus bas sur les 4 équipes comparées\.$/);
  });
});

describe('how a score is computed, in French', () => {
  const criteria: Criterion[] = [
    { id: 'a', name: 'Impact', question: '', weight: 1.5, min: 1, max: 10 },
    { id: 'b', name: 'Mise en œuvre', question: '', weight: 1, min: 1, max: 5 },
    { id: 'c', name: 'Bonus', question: '', weight: 0, min: 0, max: 3 },
  ];
  it('writes weights with a decimal comma and French typography', () => {
    const lines = explainScoring(criteria, 'none', 'fr');
    expect(lines[0]).toBe(
      `Les scores sont sur une échelle 1–10. Chaque note est d’abord placée sur cette échelle${NNBSP}: (note − note la plus basse) ÷ (note la plus haute − note la plus basse) × 9 + 1, de sorte que la note la plus basse d’un critère compte 1 et la plus haute 10.`,
    );
    expect(lines[1]).toBe(`Critères${NNBSP}: Impact (notes 1–10, poids 1,5)${NNBSP}; Mise en œuvre (notes 1–5, poids 1)${NNBSP}; Bonus (notes 0–3, poids 0).`);
    expect(lines[2]).toBe('Score d’un juré = (1,5 × Impact + 1 × Mise en œuvre) ÷ 2,5, chaque critère placé sur l’échelle 1–10. Les critères de poids 0 sont notés mais ne comptent pas.');
    expect(explainScoring(criteria, 'z-score', 'fr')[3]).toMatch(/^Les scores de chaque juré sont ensuite normalisés \(score z\u202f:/);
  });
  it('in English, the same sentences as before (weights with a point)', () => {
    expect(explainScoring(criteria, 'none', 'en')[2]).toBe(
      "A juror's score = (1.5 × Impact + 1 × Mise en œuvre) ÷ 2.5, each criterion placed on the 1–10 scale. Criteria of weight 0 are marked but do not count.",
    );
  });
});

describe('the keyboard help in French', () => {
  afterEach(() => overwriteGetLocale(() => 'en'));
  it('names keys and actions in the language of the moment; the keys matched stay the same', () => {
    overwriteGetLocale(() => 'fr');
    const does = (key: string) => SHORTCUTS.find((s) => s.keys.includes(key))?.does;
    expect(does('+')).toBe('Ajouter 30 secondes');
    expect(does('↑')).toBe('Ajouter une minute');
    expect(does('N')).toBe('Phase ou point suivant');
    expect(keyName('Space')).toBe('Espace');
    expect(keyName('Esc')).toBe('Échap');
    expect(keyName('N')).toBe('N');
    overwriteGetLocale(() => 'en');
    expect(does('+')).toBe('Add 30 seconds');
    expect(keyName('Space')).toBe('Space');
  });
});
