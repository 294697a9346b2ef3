// The boards of screen-boards.test.ts (the tests are in helpers/boards.ts) for an
// English event of 40 teams, and a French one whose names are the long French
// words (issue 14).
import { boardsSuite } from '../helpers/boards.ts';

boardsSuite([
  { count: 40, language: 'en' },
  { count: 12, language: 'fr' },
]);
