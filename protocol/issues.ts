// zod's issues in words a person can act on: where (the field's path) and what,
// the first few only. Every place that refuses a payload, a file or a CSV row
// says it this way.
import type { z } from 'zod';

export interface IssueWords {
  /** How many issues to name (the rest are left out). */
  max?: number;
  /** Between two issues. */
  separator?: string;
  /** Names the field an issue is about; '' for the whole value. */
  where?: (path: readonly PropertyKey[]) => string;
  /** Between the field's name and the message. */
  colon?: string;
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** `field.path: message; other: message` for the first three issues by default; an issue about the whole value is its message alone. */
export function describeIssues(error: z.ZodError, { max = 3, separator = '; ', where = dotted, colon = ': ' }: IssueWords = {}): string {
  return error.issues
    .slice(0, max)
    .map((i) => {
      const field = where(i.path);
      return field ? `${field}${colon}${i.message}` : i.message;
    })
    .join(separator);
}
