// Cycles a list through pages that each fit its box. The list is measured in
// full in a hidden copy (same width, same styles), so each page holds only
// whole rows, however long the names are and whatever the screen.
import { paginate } from './pages.ts';

export class Pager {
  /** Item indexes of each page; null until measured (nothing is shown half-laid-out). */
  pages = $state<number[][] | null>(null);
  page = $state(0);

  get count(): number {
    return this.pages?.length ?? 1;
  }

  /** Indexes of the items on the page on screen now. */
  get current(): number[] {
    const pages = this.pages;
    if (!pages) return [];
    return pages[Math.min(this.page, pages.length - 1)] ?? [];
  }

  /**
   * Measures `copy`'s items against the room in `area`: its max-height when it has
   * one (it then grows with its page), else its height. Again on every resize.
   * Returns the function that stops watching.
   */
  watch(area: HTMLElement, copy: HTMLElement): () => void {
    const measure = () => {
      const max = parseFloat(getComputedStyle(area).maxHeight);
      // Fractional pixels (not offsetHeight's whole ones): rounding must not let a row's last pixel spill.
      const room = Number.isFinite(max) ? max : area.getBoundingClientRect().height;
      const origin = copy.getBoundingClientRect().top;
      const pages = paginate(
        [...copy.children].map((el) => {
          const box = el.getBoundingClientRect();
          return { top: box.top - origin, bottom: box.bottom - origin };
        }),
        room,
      );
      // The same pages again would re-render for nothing (and resize the area, and measure again).
      if (JSON.stringify(pages) !== JSON.stringify(this.pages)) this.pages = pages;
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(area);
    observer.observe(copy);
    return () => observer.disconnect();
  }

  /** The next page; false when it went back to the first (a full turn is done). */
  next(): boolean {
    if (this.page + 1 < this.count) {
      this.page += 1;
      return true;
    }
    this.page = 0;
    return false;
  }
}
