// Teams from a CSV file: name, project, members, category. All rows or none:
// one bad row refuses the whole file, with every bad line named.
import Papa from 'papaparse';
import { LIMITS, Team, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { newId } from './ids.ts';

const HEADERS = ['name', 'project', 'members', 'category'] as const;

export interface ParsedTeamRow {
  name: string;
  project: string;
  members: string[];
  category: string;
}

export function parseTeamsCsv(csv: string): ParsedTeamRow[] {
  const text = csv.replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD') || text.includes('\u0000')) {
    throw new DomainError('bad-request', 'That file is not UTF-8 text: save it as "CSV UTF-8" and try again. Nothing was imported.');
  }
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const headers = parsed.meta.fields ?? [];
  if (!headers.includes('name')) {
    throw new DomainError('bad-request', `The first line must name the columns: ${HEADERS.join(', ')} (only "name" is required).`);
  }
  const errors: string[] = parsed.errors.slice(0, 10).map((e) => `line ${(e.row ?? 0) + 2}: ${e.message}`);
  const rows: ParsedTeamRow[] = [];
  parsed.data.forEach((row, i) => {
    const line = i + 2; // 1-based, after the header line
    const members = (row.members ?? '')
      .split(/[;|]/)
      .map((m) => m.trim())
      .filter(Boolean);
    const candidate = { name: (row.name ?? '').trim(), project: (row.project ?? '').trim(), members, category: (row.category ?? '').trim() };
    const check = Team.omit({ id: true, categoryId: true }).safeParse(candidate);
    if (!check.success) {
      errors.push(`line ${line}: ${check.error.issues.map((x) => `${x.path.join('.') || 'row'} ${x.message}`).join(', ')}`);
    } else if (candidate.category.length > LIMITS.shortText) {
      errors.push(`line ${line}: category at most ${LIMITS.shortText} characters`);
    } else {
      rows.push(candidate);
    }
  });
  if (errors.length) {
    throw new DomainError('bad-request', `Nothing was imported. Fix these lines: ${errors.slice(0, 10).join('; ')}${errors.length > 10 ? ` (and ${errors.length - 10} more)` : ''}`);
  }
  if (!rows.length) throw new DomainError('bad-request', 'That file has no team rows. Nothing was imported.');
  return rows;
}

/** Adds the teams, creating categories that do not exist yet (matched by name, ignoring case). */
export function importTeams(data: PodiumData, rows: readonly ParsedTeamRow[]): number {
  const names = new Set(data.event.teams.map((t) => t.name.toLowerCase()));
  const duplicates = rows.filter((r, i) => names.has(r.name.toLowerCase()) || rows.findIndex((o) => o.name.toLowerCase() === r.name.toLowerCase()) !== i);
  if (duplicates.length) {
    throw new DomainError('conflict', `Nothing was imported: these teams already exist or appear twice: ${[...new Set(duplicates.map((d) => d.name))].join(', ')}.`);
  }
  const newCategories = [...new Set(rows.map((r) => r.category).filter(Boolean))].filter(
    (name) => !data.event.categories.some((c) => c.name.toLowerCase() === name.toLowerCase()),
  );
  if (data.event.teams.length + rows.length > LIMITS.teams) throw new DomainError('limit', `An event has at most ${LIMITS.teams} teams.`);
  if (data.event.categories.length + newCategories.length > LIMITS.categories) {
    throw new DomainError('limit', `An event has at most ${LIMITS.categories} categories.`);
  }
  for (const name of newCategories) data.event.categories.push({ id: newId(), name });
  for (const r of rows) {
    const category = r.category ? data.event.categories.find((c) => c.name.toLowerCase() === r.category.toLowerCase()) : undefined;
    data.event.teams.push({ id: newId(), name: r.name, project: r.project, members: r.members, categoryId: category?.id ?? null });
  }
  return rows.length;
}
