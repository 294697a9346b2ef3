// A name on one line that must not lose its end: a livestream's lower third shows a
// team's whole name, as broadcast graphics do, by setting it smaller when it is wider
// than its box, down to `min` of its size; only past that is it cut with an ellipsis
// (the element's own `text-overflow`). Measured again when the box or the text changes.

/** Svelte action for an element with `white-space: nowrap`: `use:fitLine` (at most 40 % smaller) or `use:fitLine={0.5}`. */
export function fitLine(el: HTMLElement, min = 0.6) {
  let floor = min;
  let fitted = { width: -1, text: '' };
  let size = '';
  const fit = () => {
    const text = el.textContent ?? '';
    el.style.fontSize = '';
    const width = el.clientWidth;
    // A change of height alone (the smaller text is shorter) is no reason to measure again.
    if (width === fitted.width && text === fitted.text) {
      el.style.fontSize = size;
      return;
    }
    fitted = { width, text };
    size = '';
    if (width <= 0 || el.scrollWidth <= width) return;
    const scale = Math.max(floor, (width / el.scrollWidth) * 0.99);
    size = `${parseFloat(getComputedStyle(el).fontSize) * scale}px`;
    el.style.fontSize = size;
  };
  fit();
  const resized = new ResizeObserver(fit);
  resized.observe(el);
  const changed = new MutationObserver(fit);
  changed.observe(el, { childList: true, subtree: true, characterData: true });
  void document.fonts?.ready.then(() => {
    fitted = { width: -1, text: '' };
    fit();
  });
  return {
    update(next = 0.6) {
      floor = next;
      fitted = { width: -1, text: '' };
      fit();
    },
    destroy() {
      resized.disconnect();
      changed.disconnect();
      el.style.fontSize = '';
    },
  };
}
