// zod's issues in words a person can act on: where (the field's path) and what,
// the first few only. In English for logs and files (describeIssues); as message keys
// and parameters for a refusal a page says in its own language (issueDetails, issueKind).
import type { z } from 'zod';
import type { ErrorDetail, ErrorDetails, ErrorKey } from './result.ts';

/** Between two problems a refusal lists, in each language (French typography: U+202F before ;). */
export const DETAIL_SEPARATOR: Record<ErrorDetails['join'], Record<'en' | 'fr', string>> = {
  lines: { en: '\n', fr: '\n' },
  list: { en: '; ', fr: '\u202f; ' },
};

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

/** What an issue says, as one of the kinds a page can put in words: the kind and its numbers or names. */
export type IssueKind =
  | { kind: 'type'; expected: string }
  | { kind: 'required' }
  | { kind: 'too_long'; max: number }
  | { kind: 'too_short'; min: number }
  | { kind: 'too_many'; max: number }
  | { kind: 'too_few'; min: number }
  | { kind: 'too_big'; max: number }
  | { kind: 'too_small'; min: number }
  | { kind: 'whole' }
  | { kind: 'format' }
  | { kind: 'unknown'; keys: string }
  | { kind: 'choice'; options: string }
  | { kind: 'reserved' }
  | { kind: 'scale_order' }
  | { kind: 'time_zone' }
  | { kind: 'invalid' };

/** The model's own checks (refine) name their kind in the issue's params, so a page can say them too. */
const CUSTOM_KINDS = ['reserved', 'scale_order', 'time_zone'] as const;
const isCustomKind = (kind: unknown): kind is (typeof CUSTOM_KINDS)[number] => (CUSTOM_KINDS as readonly unknown[]).includes(kind);

/** One zod issue as a kind with its parameters (what zod's English message says, without the words). */
export function issueKind(issue: z.core.$ZodIssue): IssueKind {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? { kind: 'whole' } : { kind: 'type', expected: issue.expected };
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { kind: 'too_long', max };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'too_many', max };
      return { kind: 'too_big', max };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? { kind: 'required' } : { kind: 'too_short', min };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'too_few', min };
      return { kind: 'too_small', min };
    }
    case 'invalid_format':
      return { kind: 'format' };
    case 'unrecognized_keys':
      return { kind: 'unknown', keys: issue.keys.map((k) => `"${k}"`).join(', ') };
    case 'invalid_value':
      return { kind: 'choice', options: issue.values.map((v) => String(v)).join(', ') };
    case 'custom': {
      const kind: unknown = issue.params?.['kind'];
      return isCustomKind(kind) ? { kind } : { kind: 'invalid' };
    }
    default:
      return { kind: 'invalid' };
  }
}

const ISSUE_KEYS = {
  type: 'error_issue_type',
  required: 'error_issue_required',
  too_long: 'error_issue_too_long',
  too_short: 'error_issue_too_short',
  too_many: 'error_issue_too_many',
  too_few: 'error_issue_too_few',
  too_big: 'error_issue_too_big',
  too_small: 'error_issue_too_small',
  whole: 'error_issue_whole',
  format: 'error_issue_format',
  unknown: 'error_issue_unknown',
  choice: 'error_issue_choice',
  reserved: 'error_issue_reserved',
  scale_order: 'error_issue_scale_order',
  time_zone: 'error_issue_time_zone',
  invalid: 'error_issue_invalid',
} as const satisfies Record<IssueKind['kind'], ErrorKey>;

/**
 * The first issues (three by default) as refusal details a page says in its language:
 * "marks.x: at most 10" / "marks.x : au plus 10". An issue about the whole value names it `payload`.
 */
export function issueDetails(error: z.ZodError, max = 3): ErrorDetail[] {
  return error.issues.slice(0, max).map((issue) => {
    const { kind, ...params } = issueKind(issue);
    return { key: ISSUE_KEYS[kind], params: { field: dotted(issue.path) || 'payload', ...params } };
  });
}
