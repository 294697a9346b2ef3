// Every ranked team can be read on the projector and on a phone, whatever the
// count: no row cut off at the bottom of a panel, no name clipped, no accent lost.
// English events of 6, 8 and 16 teams here; 40 teams and the French event in
// screen-boards-crowded.test.ts, so the two halves run side by side (the tests
// themselves are in helpers/boards.ts).
import { boardsSuite } from '../helpers/boards.ts';

boardsSuite([
  { count: 6, language: 'en' },
  { count: 8, language: 'en' },
  { count: 16, language: 'en' },
]);
