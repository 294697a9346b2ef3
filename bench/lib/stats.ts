// Small statistics and a Markdown table: every figure in the report passes through here.

export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  // Nearest rank: p99 of 50 values is the largest but none, never an interpolation above the data.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (xs: readonly number[]): number => {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const max = (xs: readonly number[]): number => (xs.length ? Math.max(...xs) : Number.NaN);

/** A figure as people read it: three significant digits at most, thousands separated. */
export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-GB');
  return x.toFixed(digits);
}

export const ratio = (x: number, baseline: number): string => (baseline > 0 && Number.isFinite(x) ? `${(x / baseline).toFixed(2)}×` : 'n/a');

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The machine's clock shared by every process on it (CLOCK_MONOTONIC), in ms. */
export const machineNow = (): number => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
