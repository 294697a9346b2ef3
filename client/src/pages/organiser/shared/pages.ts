// A long list shown a page at a time (the Results tab's 300 teams): which page shows which items.

/** One page: items `from` (inclusive) to `to` (exclusive), counted from 0. */
export interface PageRange {
  from: number;
  to: number;
}

/** The pages of `total` items, `size` a page; one empty page when there is nothing. */
export function pagesOf(total: number, size: number): PageRange[] {
  const count = Math.max(1, Math.ceil(total / size));
  return Array.from({ length: count }, (_, i) => ({ from: i * size, to: Math.min(total, (i + 1) * size) }));
}

/** `page`, moved onto a page that exists (the list may have shrunk since it was chosen). */
export const clampPage = (page: number, total: number, size: number): number => Math.min(Math.max(0, page), pagesOf(total, size).length - 1);
