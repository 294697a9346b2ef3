// A big name read from the back of the room breaks between its words, never inside
// one: when its longest word is wider than its box ("Straßenküche" in a projector's
// column at 1024 × 768, "Anticonstitutionnellement" on a phone), the text is set
// smaller, just enough for that word to fit, down to `min` of its size; only a word
// too long even then breaks (the element's own `overflow-wrap`). In a box of so many
// lines (`line-clamp`: a projector's title, the stage monitor's message), it is set
// smaller, down to the same floor, until the whole text is in them, so that the end of
// a name or a message is not cut. Measured again when the box's width, the window or
// the text changes, and once the fonts have loaded.

/** One hidden span, shared by every fitted element, that words are measured in. */
let measurer: HTMLSpanElement | null = null;

function measure(): HTMLSpanElement {
  if (measurer?.isConnected) return measurer;
  measurer = document.createElement('span');
  measurer.setAttribute('aria-hidden', 'true');
  measurer.style.cssText = 'position:absolute;left:-99999px;top:0;visibility:hidden;white-space:pre;pointer-events:none';
  document.body.append(measurer);
  return measurer;
}

/** No character is wider than this many ems (an emoji is about 1.2): a shorter word needs no measuring. */
const WIDEST_CHAR_EM = 1.4;

/** The widest of `text`'s words (in px) at `el`'s font, or 0 when none can be wider than `width`. */
function widestWord(el: HTMLElement, text: string, width: number): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (!words.length) return 0;
  const style = getComputedStyle(el);
  // A board of 200 names measures none of them when every word is short for its box.
  const longest = Math.max(...words.map((w) => [...w].length));
  if (longest * WIDEST_CHAR_EM * parseFloat(style.fontSize) <= width) return 0;
  const span = measure();
  span.style.font = style.font;
  span.style.letterSpacing = style.letterSpacing;
  span.style.fontFeatureSettings = style.fontFeatureSettings;
  span.style.textTransform = style.textTransform;
  let widest = 0;
  for (const word of new Set(words)) {
    span.textContent = word;
    widest = Math.max(widest, span.getBoundingClientRect().width);
  }
  return widest;
}

/** The width an element's lines have: its content box. */
function lineWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

/** Svelte action: `use:fitWords` (at most 40 % smaller) or `use:fitWords={0.5}`. */
export function fitWords(el: HTMLElement, min = 0.6) {
  let floor = min;
  let fitted = { width: -1, text: '', viewport: '' };
  const fit = () => {
    const text = el.textContent ?? '';
    const viewport = `${window.innerWidth}x${window.innerHeight}`;
    el.style.fontSize = '';
    const width = lineWidth(el);
    // A changed height alone (the smaller text took fewer lines) is no reason to measure again.
    if (width === fitted.width && text === fitted.text && viewport === fitted.viewport && el.dataset.fitScale) {
      el.style.fontSize = `${el.dataset.fitSize}px`;
      return;
    }
    fitted = { width, text, viewport };
    delete el.dataset.fitScale;
    delete el.dataset.fitSize;
    if (width <= 0) return;
    const widest = widestWord(el, text, width);
    const clamped = () => el.scrollHeight > el.clientHeight + 1;
    if (widest <= width && !clamped()) return;
    const base = parseFloat(getComputedStyle(el).fontSize);
    // 1 % to spare: the measurer and the line may round a subpixel differently.
    let scale = widest > width ? Math.max(floor, (width / widest) * 0.99) : 1;
    const apply = () => {
      el.dataset.fitScale = scale.toFixed(3);
      el.dataset.fitSize = String(base * scale);
      el.style.fontSize = `${base * scale}px`;
    };
    apply();
    // A box of so many lines (line-clamp): smaller still until the whole text is in them.
    while (clamped() && scale > floor) {
      scale = Math.max(floor, scale * 0.92);
      apply();
    }
  };
  fit();
  const resized = new ResizeObserver(fit);
  resized.observe(el);
  const changed = new MutationObserver(fit);
  changed.observe(el, { childList: true, subtree: true, characterData: true });
  window.addEventListener('resize', fit);
  void document.fonts?.ready.then(() => {
    fitted = { width: -1, text: '', viewport: '' };
    fit();
  });
  return {
    update(next = 0.6) {
      floor = next;
      fitted = { width: -1, text: '', viewport: '' };
      fit();
    },
    destroy() {
      resized.disconnect();
      changed.disconnect();
      window.removeEventListener('resize', fit);
      el.style.fontSize = '';
    },
  };
}
