// What a form holds while the organiser types, before it is sent.
export interface CriterionDraft {
  name: string;
  question: string;
  weight: number;
  min: number;
  max: number;
}

export interface TeamDraft {
  name: string;
  project: string;
  /** As typed: names separated by ";". */
  members: string;
  categoryId: string;
}

export const splitMembers = (text: string): string[] =>
  text
    .split(';')
    .map((m) => m.trim())
    .filter(Boolean);
