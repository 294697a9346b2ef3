// The new-event backup, with a score landing while it is written: the backup in
// the folder has the score, and no outdated backup without it is left beside it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { backupStable } from '../../server/backup.ts';
import { demoData } from '../../server/domain/demo-event.ts';

const T0 = Date.UTC(2026, 5, 1, 14, 20);

describe('the backup before a new event', () => {
  it('is written again when a score lands meanwhile, and the outdated file is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-backup-'));
    const data: PodiumData = demoData('organiser-token-0123456789', new Date(T0));
    const [juror, team] = [data.event.jurors[0]!, data.event.teams[0]!];
    const key = scoreKey(juror.id, team.id);
    let reads = 0;
    const read = () => {
      // Read 2 is the check after the first file was written: a juror's score has just landed.
      if (++reads === 2) data.scores[key] = { jurorId: juror.id, teamId: team.id, marks: { x: 7 }, note: 'Très bien', revision: 1, updatedAt: T0 };
      return data;
    };
    const file = await backupStable(dir, read, T0);
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as PodiumData & { backedUpAt: number };
    expect(saved.backedUpAt).toBe(T0);
    expect(saved.scores[key]?.note).toBe('Très bien');
    expect(saved.event.teams.map((t) => t.name)).toEqual(data.event.teams.map((t) => t.name));
  });

  it('is written once when nothing changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-backup-'));
    const data = demoData('organiser-token-0123456789', new Date(T0));
    const file = await backupStable(dir, () => data, T0);
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ backedUpAt: T0, ...JSON.parse(JSON.stringify(data)) });
  });
});
