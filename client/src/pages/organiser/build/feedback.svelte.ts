// The answer to one thing the organiser did, shown next to where they did it.
import type { Result } from '../../../../../protocol/result.ts';
import { errorText } from '../../../lib/i18n/errors.ts';
import { clearWhenBack, isOfflineFailure } from '../shared/offline.ts';

export class Feedback {
  error = $state<string | null>(null);
  done = $state<string | null>(null);
  busy = $state(false);

  /** Runs a request; a refusal keeps the server's own words. */
  async run<T>(request: Promise<Result<T>>, doneMessage?: string | ((data: T) => string)): Promise<Result<T>> {
    this.busy = true;
    this.error = null;
    this.done = null;
    const result = await request;
    this.busy = false;
    if (result.ok) {
      this.done = typeof doneMessage === 'function' ? doneMessage(result.data) : (doneMessage ?? null);
    } else {
      const shown = (this.error = errorText(result.error));
      if (isOfflineFailure(result)) clearWhenBack(() => this.error === shown && (this.error = null));
    }
    return result;
  }

  refuse(message: string): void {
    this.done = null;
    this.error = message;
  }

  clear(): void {
    this.error = null;
    this.done = null;
  }
}
