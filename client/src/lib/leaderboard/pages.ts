// Which rows share a page of a list too long for its box: the projector cycles
// through the pages instead of cutting the list (or a row) at its bottom edge.

export interface Box {
  top: number;
  bottom: number;
}

/**
 * Pages of whole lines that each fit `available` pixels, from the boxes of every
 * item of the list laid out in full. Items on one line (a wrapping list) stay on
 * one page. A line taller than the box still gets a page of its own.
 * Returns the item indexes of each page; one empty page for an empty list.
 */
export function paginate(boxes: readonly Box[], available: number): number[][] {
  const lines: { top: number; bottom: number; items: number[] }[] = [];
  boxes.forEach((box, i) => {
    const line = lines.at(-1);
    // Half a pixel of slack: sub-pixel layout puts a line's items a hair apart.
    if (line && Math.abs(box.top - line.top) < 0.5) {
      line.bottom = Math.max(line.bottom, box.bottom);
      line.items.push(i);
    } else lines.push({ top: box.top, bottom: box.bottom, items: [i] });
  });
  const pages: number[][] = [];
  let pageTop = 0;
  for (const line of lines) {
    const page = pages.at(-1);
    if (page && line.bottom - pageTop <= available) page.push(...line.items);
    else {
      pages.push([...line.items]);
      pageTop = line.top;
    }
  }
  return pages.length ? pages : [[]];
}
