// How late a room's show runs, in words, and how much that matters: the Live tab's
// agenda and its rooms overview say it alike.
import { m } from '../../../../../protocol/i18n.ts';
import { fmt } from '../../../lib/i18n/locale.svelte.ts';

export function paceOf(lateMs: number): { text: string; level: 'ok' | 'behind' | 'late' } {
  const text =
    Math.abs(lateMs) < 60_000
      ? m.live_on_time()
      : lateMs > 0
        ? m.live_running_late({ duration: fmt.duration(lateMs, { round: 'minute' }) })
        : m.live_running_ahead({ duration: fmt.duration(lateMs, { round: 'minute' }) });
  return { text, level: lateMs >= 5 * 60_000 ? 'late' : lateMs >= 60_000 ? 'behind' : 'ok' };
}
