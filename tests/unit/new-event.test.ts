import { describe, expect, it } from 'vitest';
import { PodiumData, PodiumEvent, scoreKey } from '../../protocol/model.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoData, demoEvent } from '../../server/domain/demo-event.ts';
import { blankEvent, startNewEvent } from '../../server/domain/new-event.ts';

const T0 = Date.UTC(2026, 5, 1, 14, 20);

/** The demo mid-show: started, a score in, a message up, the leaderboard live. */
function midShow(): PodiumData {
  const d = demoData('organiser-token-0123456789', new Date(T0));
  agenda.startTimer(d, T0);
  const [juror, team] = [d.event.jurors[0]!, d.event.teams[0]!];
  d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks: {}, note: '', revision: 1, updatedAt: T0 };
  d.appliedOps['op-12345678'] = scoreKey(juror.id, team.id);
  d.live.message = { text: 'Wrap up', flash: false, at: T0 };
  d.visibility.mode = 'live';
  d.audit.push({ at: T0, actor: 'organiser', action: 'scoring:open' });
  return d;
}

describe('a blank event', () => {
  it('is a valid event with nothing in it, starting at the next full hour', () => {
    const event = blankEvent(new Date(2026, 5, 1, 14, 20, 30));
    expect(PodiumEvent.safeParse(event).success).toBe(true);
    expect([event.categories, event.criteria, event.teams, event.jurors, event.agenda]).toEqual([[], [], [], [], []]);
    expect(new Date(event.settings.startsAt).getHours()).toBe(15);
    expect(new Date(event.settings.startsAt).getMinutes()).toBe(0);
  });
});

describe('starting a new event', () => {
  it('replaces the event, scores and live state, keeps the organiser link and the audit log, and logs where the backup went', () => {
    const d = midShow();
    const auditBefore = d.audit.length;
    startNewEvent(d, blankEvent(new Date(T0)), 'blank', '/data/podium.backup-x.json', T0 + 1000);
    expect(PodiumData.safeParse(d).success).toBe(true);
    expect(d.organiserToken).toBe('organiser-token-0123456789');
    expect(d.event.teams).toEqual([]);
    expect(d.event.jurors).toEqual([]);
    expect(d.scores).toEqual({});
    expect(d.appliedOps).toEqual({});
    expect(d.scoring).toEqual({});
    expect(d.live.itemIndex).toBe(-1);
    expect(d.live.message).toBeNull();
    expect(d.live.timer.status).toBe('idle');
    expect(d.visibility.mode).toBe('hidden');
    expect(d.audit).toHaveLength(auditBefore + 1);
    expect(d.audit.at(-1)).toMatchObject({ at: T0 + 1000, actor: 'organiser', action: 'event:new' });
    expect(d.audit.at(-1)!.detail).toMatch(/a blank event in place of "Young Innovators against Plastic Pollution Award" \(6 teams, 4 jurors, 1 scores\).*\/data\/podium\.backup-x\.json/);
  });

  it('from the demo: the demo event with jurors of its own (no old juror link works)', () => {
    const d = midShow();
    const oldTokens = d.event.jurors.map((j) => j.token);
    startNewEvent(d, demoEvent(new Date(T0)), 'demo', '/data/b.json', T0);
    expect(PodiumData.safeParse(d).success).toBe(true);
    expect(d.event.teams.map((t) => t.name)[0]).toBe('ecopals');
    expect(d.event.jurors).toHaveLength(4);
    expect(d.event.jurors.some((j) => oldTokens.includes(j.token))).toBe(false);
    expect(d.audit.at(-1)!.detail).toMatch(/^Started from the demo event/);
  });
});
