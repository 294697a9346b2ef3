import { describe, expect, it } from 'vitest';
import { paginate, type Box } from '../../client/src/lib/leaderboard/pages.ts';

/** A list of rows of these heights with `gap` pixels between them, as the browser lays it out. */
function column(heights: number[], gap = 4): Box[] {
  let top = 0;
  return heights.map((h) => {
    const box = { top, bottom: top + h };
    top += h + gap;
    return box;
  });
}

describe('paging a list that does not fit its box', () => {
  it('keeps everything on one page when it fits', () => {
    expect(paginate(column([40, 40, 40]), 128)).toEqual([[0, 1, 2]]);
  });

  it('starts a new page at the first row that would be cut, so no row is ever cut in half', () => {
    // Rows end at 40, 84, 128, 172, 216: a 130 px box holds three of them.
    expect(paginate(column([40, 40, 40, 40, 40]), 130)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('measures each page from its own first row, tall (wrapped) rows included', () => {
    const pages = paginate(column([40, 90, 40, 40, 90, 40]), 100);
    expect(pages).toEqual([[0], [1], [2, 3], [4], [5]]);
    expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the items of one line of a wrapping list together', () => {
    const boxes = [
      { top: 0, bottom: 30 },
      { top: 0.2, bottom: 32 },
      { top: 40, bottom: 70 },
      { top: 40, bottom: 70 },
      { top: 80, bottom: 110 },
    ];
    expect(paginate(boxes, 75)).toEqual([[0, 1, 2, 3], [4]]);
  });

  it('gives a row taller than the box a page of its own rather than losing it', () => {
    expect(paginate(column([200, 40]), 100)).toEqual([[0], [1]]);
    expect(paginate([], 100)).toEqual([[]]);
  });
});
