// Issue 12's event, shared by the tests of what the results print: criteria on
// three different scales and weights (Innovation ×2 on 1–10, Faisabilité ×1 on
// 1–5, Pitch ×1 on 0–3), a fifth juror with É/Ç/ß in her name, and five jurors'
// marks on one team whose averages are 8.60 / 4.40 / 2.20 (the issue's sheet).
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';

// Innovation 9+9+8+9+8 = 43 → 8.60; Faisabilité 5+4+5+4+4 = 22 → 4.40; Pitch 2+2+3+2+2 = 11 → 2.20.
export const ISSUE_MARKS = [
  { inno: 9, feas: 5, pitch: 2 },
  { inno: 9, feas: 4, pitch: 2 },
  { inno: 8, feas: 5, pitch: 3 },
  { inno: 9, feas: 4, pitch: 2 },
  { inno: 8, feas: 4, pitch: 2 },
];

/** The demo event with the issue's criteria, no tie-breakers, and five jurors; no scores yet. */
export function mixedScalesData(): PodiumData {
  const data = demoData();
  data.event.criteria = [
    { id: 'inno', name: 'Innovation', question: '', weight: 2, min: 1, max: 10 },
    { id: 'feas', name: 'Faisabilité', question: '', weight: 1, min: 1, max: 5 },
    { id: 'pitch', name: 'Pitch', question: '', weight: 1, min: 0, max: 3 },
  ];
  data.event.settings.tieBreakers = [];
  data.event.jurors.push({ id: 'zoe', name: 'Zoë Çelik-Straße', token: 'z'.repeat(32), conflicts: [] });
  return data;
}
