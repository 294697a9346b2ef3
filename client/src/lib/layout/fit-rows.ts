// A list in a box of fixed height (the projector's "Today" panel) shows only the
// rows that fit whole: the ones that would spill past the box's bottom edge are
// hidden from the end, so no row is ever cut in half and what comes next stays.
// Measured again when the box resizes or the rows change (the agenda moves on).

/** Svelte action for the box; `rows` selects the list's rows inside it. */
export function fitRows(box: HTMLElement, rows: string) {
  const fit = () => {
    const items = [...box.querySelectorAll<HTMLElement>(rows)];
    // An inline style, not `hidden`: the rows' own `display: flex` would win over the [hidden] rule.
    for (const el of items) el.style.display = '';
    const style = getComputedStyle(box);
    const bottom = box.getBoundingClientRect().bottom - parseFloat(style.paddingBottom) - parseFloat(style.borderBottomWidth);
    // Fractional pixels: a row's last pixel past the edge is a cut row. Always keep the first.
    for (let i = items.length - 1; i > 0 && items[i]!.getBoundingClientRect().bottom > bottom + 0.5; i--) {
      items[i]!.style.display = 'none';
    }
  };
  fit();
  const resized = new ResizeObserver(fit);
  resized.observe(box);
  // Rows added, removed or retitled; attributes are not watched, so hiding a row does not call fit again.
  const changed = new MutationObserver(fit);
  changed.observe(box, { childList: true, subtree: true, characterData: true });
  return {
    destroy() {
      resized.disconnect();
      changed.disconnect();
    },
  };
}
