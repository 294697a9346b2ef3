// What each screen page runs before its own scripts in the room benchmark: a
// device clock wrong by `skewMs`, and a recorder of the moments its countdown
// changes, on the machine's clock.
declare global {
  interface Window {
    __bench?: { records: { t: number; text: string }[]; wallMinusPerf: () => number };
  }
}

/**
 * Runs in the page before its own scripts: the wrong device clock, and the recorder.
 * A string, not a function: tsx would compile helpers into a function that the page does not have.
 */
export const pageInit = (skewMs: number): string => `(() => {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + ${skewMs};
  const records = [];
  const observer = new MutationObserver((mutations) => {
    // performance.timeOrigin + now() is not skewed: it is the machine's clock.
    const t = performance.timeOrigin + performance.now();
    const timer = document.querySelector('[role=timer]');
    if (!timer) return;
    for (const m of mutations) {
      if (timer.contains(m.target)) {
        records.push({ t, text: (timer.textContent || '').trim() });
        return;
      }
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  window.__bench = {
    records,
    // Where the real Date.now() ticks over to the next millisecond, the offset is exact to the microsecond.
    wallMinusPerf: () => {
      const diffs = [];
      for (let i = 0; i < 15; i++) {
        const start = realNow();
        let wall = start;
        let perf = 0;
        while (wall === start) {
          perf = performance.timeOrigin + performance.now();
          wall = realNow();
        }
        diffs.push(wall - perf);
      }
      diffs.sort((a, b) => a - b);
      return diffs[7];
    },
  };
})();`;
