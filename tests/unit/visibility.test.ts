import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { jurorState, organiserState, publicLeaderboard, publicState } from '../../server/domain/projection.ts';
import { revealNext, revealPrevious, revealRestart, setFocus, setVisibility } from '../../server/domain/visibility.ts';
import { closeVote, openVote, updateVoteSettings } from '../../server/domain/votes.ts';

/** The demo event with every juror giving every criterion of a team the same mark. */
function scored(marksByTeam: number[], jurors = 4): PodiumData {
  const data = demoData('o'.repeat(32), new Date(0));
  data.event.settings.tieBreakers = [];
  data.event.teams.forEach((team, i) => {
    const mark = marksByTeam[i];
    if (mark === undefined) return;
    for (const juror of data.event.jurors.slice(0, jurors)) give(data, juror.id, team.id, mark);
  });
  return data;
}

function give(data: PodiumData, jurorId: string, teamId: string, mark: number, revision = 1) {
  const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, mark]));
  data.scores[scoreKey(jurorId, teamId)] = { jurorId, teamId, marks, note: '', revision, updatedAt: 0 };
}

const nameOf = (data: PodiumData, id: string) => data.event.teams.find((t) => t.id === id)!.name;

describe('visibility', () => {
  it('hides the leaderboard from the public by default, and never puts it in a juror’s view', () => {
    const data = scored([8, 6, 4]);
    expect(data.visibility.mode).toBe('hidden');
    expect(publicLeaderboard(data, 0)).toBeNull();
    const view = publicState(data, 0, 1);
    expect(view.leaderboard).toBeNull();
    expect(view.reveal).toBeNull();
    expect(jurorState(data, data.event.jurors[0]!.id, 0, 1)!).not.toHaveProperty('leaderboard');
  });

  it('live follows the scores', () => {
    const data = scored([8, 6, 4]);
    setVisibility(data, 'live', 10);
    expect(publicLeaderboard(data, 20)!.overall[0]!.teamId).toBe(data.event.teams[0]!.id);
    for (const j of data.event.jurors) give(data, j.id, data.event.teams[2]!.id, 10, 2);
    expect(publicLeaderboard(data, 30)!.overall[0]!.teamId).toBe(data.event.teams[2]!.id);
    // A juror judges each pitch on its own: their view has no ranking, live or not.
    expect(jurorState(data, data.event.jurors[0]!.id, 0, 1)!).not.toHaveProperty('leaderboard');
  });

  it('frozen keeps its snapshot while scores go on, and freezing again takes a new one', () => {
    const data = scored([8, 6, 4]);
    setVisibility(data, 'frozen', 10);
    expect(data.visibility.frozenAt).toBe(10);
    for (const j of data.event.jurors) give(data, j.id, data.event.teams[2]!.id, 10, 2);
    const board = publicLeaderboard(data, 99)!;
    expect(board.overall[0]!.teamId).toBe(data.event.teams[0]!.id);
    expect(board.computedAt).toBe(10);
    // The organiser still sees the moving ranking.
    expect(organiserState(data, 99, 1).leaderboard.overall[0]!.teamId).toBe(data.event.teams[2]!.id);
    setVisibility(data, 'frozen', 50);
    expect(publicLeaderboard(data, 99)!.overall[0]!.teamId).toBe(data.event.teams[2]!.id);
    setVisibility(data, 'hidden', 60);
    expect(data.visibility.frozenBoard).toBeNull();
  });

  it('refuses a focus on a category that does not exist', () => {
    const data = scored([]);
    expect(() => setFocus(data, 'nope')).toThrow(/no such category/);
    setFocus(data, data.event.categories[0]!.id);
    setFocus(data, 'rotate');
    expect(data.visibility.focus).toBe('rotate');
  });
});

describe('the reveal', () => {
  it('shows each place first without its team, then with it, from last to first', () => {
    const data = scored([8, 6, 4]);
    setVisibility(data, 'reveal', 10);
    const steps: string[] = [];
    for (;;) {
      const reveal = publicState(data, 0, 1).reveal!;
      const newest = reveal.places.at(-1);
      if (newest) steps.push(newest.teamHidden ? `${newest.rank}?` : `${newest.rank} ${newest.rows.map((r) => nameOf(data, r.teamId)).join('+')}`);
      if (reveal.step === reveal.total) break;
      revealNext(data);
    }
    expect(steps).toEqual(['3?', '3 LoopLab', '2?', '2 Tide Turners', '1?', '1 ecopals']);
    expect(() => revealNext(data)).toThrow(/Every place/);
  });

  it('sends nothing about a hidden team: no id, no score', () => {
    const data = scored([8, 6, 4]);
    setVisibility(data, 'reveal', 10);
    revealNext(data);
    const view = publicState(data, 0, 1);
    expect(view.leaderboard).toBeNull();
    expect(view.reveal!.places).toEqual([{ categoryId: null, rank: 3, tied: false, teamCount: 1, teamHidden: true, rows: [] }]);
    expect(JSON.stringify(view.reveal)).not.toContain(data.event.teams[2]!.id);
  });

  it('reveals a tie as one place with both teams', () => {
    const data = scored([8, 6, 6]);
    setVisibility(data, 'reveal', 10);
    revealNext(data);
    let place = publicState(data, 0, 1).reveal!.places[0]!;
    expect(place).toMatchObject({ rank: 2, tied: true, teamCount: 2, teamHidden: true });
    revealNext(data);
    place = publicState(data, 0, 1).reveal!.places[0]!;
    expect(place.rows.map((r) => nameOf(data, r.teamId)).sort()).toEqual(['LoopLab', 'Tide Turners']);
    expect(publicState(data, 0, 1).reveal!.total).toBe(4);
  });

  it('steps back, restarts, and ignores scores given after it began', () => {
    const data = scored([8, 6, 4]);
    setVisibility(data, 'reveal', 10);
    expect(() => revealPrevious(data)).toThrow(/Nothing has been revealed/);
    revealNext(data);
    revealNext(data);
    revealPrevious(data);
    expect(data.visibility.revealStep).toBe(1);
    for (const j of data.event.jurors) give(data, j.id, data.event.teams[2]!.id, 10, 2);
    revealNext(data);
    expect(publicState(data, 0, 1).reveal!.places[0]!.rows[0]!.teamId).toBe(data.event.teams[2]!.id);
    revealRestart(data);
    expect(publicState(data, 0, 1).reveal!.places).toEqual([]);
    // Choosing reveal again (a double tap) does not reset it; other modes end it.
    revealNext(data);
    setVisibility(data, 'reveal', 20);
    expect(data.visibility.revealStep).toBe(1);
  });

  it('needs the reveal mode and some results', () => {
    const data = scored([]);
    expect(() => revealNext(data)).toThrow(/Start the reveal/);
    setVisibility(data, 'reveal', 0);
    expect(() => revealNext(data)).toThrow(/no results/);
  });

  it('with focus on rotate, reveals each category winner, then the overall winner', () => {
    const data = scored([8, 6, 4, 9]);
    setFocus(data, 'rotate');
    setVisibility(data, 'reveal', 10);
    const plan = organiserState(data, 0, 1).revealPlan!;
    const byCategory = new Map(data.event.teams.map((t) => [t.id, t.categoryId]));
    // Categories in the event's order, each only if one of its teams has a score.
    const scoredCategories = data.event.categories.map((c) => c.id).filter((id) => data.event.teams.slice(0, 4).some((t) => t.categoryId === id));
    expect(plan.map((p) => p.categoryId)).toEqual([...scoredCategories, null]);
    for (const p of plan.slice(0, -1)) expect(byCategory.get(p.rows[0]!.teamId)).toBe(p.categoryId);
    expect(nameOf(data, plan.at(-1)!.rows[0]!.teamId)).toBe('Seaweed Wrap');
    // The console sees the whole plan; the room sees only what has been stepped through.
    expect(organiserState(data, 0, 1).reveal!.places).toEqual([]);
  });

  it('with focus on a category, reveals that category from last to first; a new focus restarts', () => {
    const data = scored([8, 6, 4, 9]);
    setVisibility(data, 'reveal', 10);
    revealNext(data);
    const category = data.event.teams[0]!.categoryId!;
    setFocus(data, category);
    expect(data.visibility.revealStep).toBe(0);
    expect(organiserState(data, 0, 1).revealPlan!.map((p) => p.categoryId)).toEqual([category]);
  });
});

describe('the people’s choice in the reveal', () => {
  /** Ballots for teams by index, one per device; the vote closed and, if asked, in the reveal. */
  function voted(data: PodiumData, teamIndexes: number[], options: { inReveal: boolean; status?: 'open' | 'closed' }) {
    teamIndexes.forEach((i, n) => (data.ballots[`device-${n}`] = { teamId: data.event.teams[i]!.id, revision: 1, at: 0, address: '10.0.0.1' }));
    data.peopleVote.status = options.status ?? 'closed';
    data.peopleVote.inReveal = options.inReveal;
    return data;
  }
  /** Every step of the reveal as the room sees it: the newest place, hidden or with its teams (and votes for the people's choice). */
  function steps(data: PodiumData): string[] {
    const seen: string[] = [];
    for (;;) {
      const reveal = publicState(data, 0, 1).reveal!;
      const p = reveal.places.at(-1);
      if (p) {
        const what = p.award === 'people' ? 'people' : String(p.rank);
        const who = p.award === 'people' ? p.rows.map((r) => `${nameOf(data, r.teamId)} ${r.votes}/${p.totalVotes}`) : p.rows.map((r) => nameOf(data, r.teamId));
        seen.push(p.teamHidden ? `${what}?` : `${what} ${who.join('+')}`);
      }
      if (reveal.step === reveal.total) break;
      revealNext(data);
    }
    return seen;
  }

  it('is not in the reveal unless the organiser puts it there', () => {
    const data = voted(scored([8, 6, 4]), [2, 2, 1], { inReveal: false });
    setVisibility(data, 'reveal', 10);
    expect(steps(data)).toEqual(['3?', '3 LoopLab', '2?', '2 Tide Turners', '1?', '1 ecopals']);
  });

  it('comes before the overall places, its winner with the votes, once the vote is closed', () => {
    const data = voted(scored([8, 6, 4]), [2, 2, 1], { inReveal: true });
    setVisibility(data, 'reveal', 10);
    expect(steps(data)).toEqual(['people?', 'people LoopLab 2/3', '3?', '3 LoopLab', '2?', '2 Tide Turners', '1?', '1 ecopals']);
    const award = organiserState(data, 0, 1).revealPlan![0]!;
    expect(award).toMatchObject({ award: 'people', rank: 1, tied: false, teamCount: 1, totalVotes: 3 });
    expect(award.rows).toEqual([{ teamId: data.event.teams[2]!.id, votes: 2, share: 2 / 3, rank: 1, tied: false }]);
  });

  it('is not in the reveal while the vote is open, nor when nobody voted', () => {
    const open = voted(scored([8, 6, 4]), [0], { inReveal: true, status: 'open' });
    setVisibility(open, 'reveal', 10);
    expect(organiserState(open, 0, 1).revealPlan!.some((p) => p.award === 'people')).toBe(false);
    expect(publicState(open, 0, 1).reveal!.total).toBe(6);
    const nobody = voted(scored([8, 6, 4]), [], { inReveal: true });
    setVisibility(nobody, 'reveal', 10);
    expect(publicState(nobody, 0, 1).reveal!.total).toBe(6);
  });

  it('shows a tie as a tie: one award, both teams, each with its votes; nothing of them while hidden', () => {
    const data = voted(scored([8, 6, 4]), [0, 1, 0, 1], { inReveal: true });
    setVisibility(data, 'reveal', 10);
    revealNext(data);
    const hidden = publicState(data, 0, 1).reveal!.places;
    expect(hidden).toEqual([{ award: 'people', categoryId: null, rank: 1, tied: true, teamCount: 2, teamHidden: true, rows: [], totalVotes: 4 }]);
    expect(JSON.stringify(hidden)).not.toContain(data.event.teams[0]!.id);
    revealNext(data);
    const [award] = publicState(data, 0, 1).reveal!.places;
    expect(award!.rows.map((r) => [nameOf(data, r.teamId), 'votes' in r ? r.votes : null, 'share' in r ? r.share : null])).toEqual([
      ['ecopals', 2, 0.5],
      ['Tide Turners', 2, 0.5],
    ]);
  });

  it('rotating, comes after the category winners and before the overall winner', () => {
    const data = voted(scored([8, 6, 4, 9]), [3], { inReveal: true });
    setFocus(data, 'rotate');
    setVisibility(data, 'reveal', 10);
    const plan = organiserState(data, 0, 1).revealPlan!;
    const categories = plan.filter((p) => p.categoryId !== null).length;
    expect(categories).toBeGreaterThan(0);
    expect(plan.map((p) => p.award ?? p.categoryId ?? 'overall')).toEqual([...plan.slice(0, categories).map((p) => p.categoryId), 'people', 'overall']);
  });

  it('has no place in the reveal of one category', () => {
    const data = voted(scored([8, 6, 4, 9]), [3], { inReveal: true });
    setFocus(data, data.event.teams[0]!.categoryId!);
    setVisibility(data, 'reveal', 10);
    expect(organiserState(data, 0, 1).revealPlan!.some((p) => p.award === 'people')).toBe(false);
  });

  it('starts a reveal in progress again when the award would change the places already shown, and only then', () => {
    const data = voted(scored([8, 6, 4]), [2], { inReveal: true, status: 'open' });
    setVisibility(data, 'reveal', 10);
    revealNext(data);
    revealNext(data);
    expect(publicState(data, 0, 1).reveal!.places.map((p) => p.rank)).toEqual([3]);
    // Closing the vote puts the award first: the 3rd place shown would now be the award, so it starts again.
    closeVote(data, 20);
    expect(data.visibility.revealStep).toBe(0);
    expect(steps(data)[0]).toBe('people?');
    // Taking it out again, and reopening the vote, both start again.
    updateVoteSettings(data, { inReveal: false });
    expect(data.visibility.revealStep).toBe(0);
    revealNext(data);
    updateVoteSettings(data, { inReveal: true });
    expect(data.visibility.revealStep).toBe(0);
    revealNext(data);
    openVote(data, null, 30);
    expect(data.visibility.revealStep).toBe(0);
    // Rotating, the award comes after the categories: closing while the first category is shown keeps the step.
    const rotating = voted(scored([8, 6, 4, 9]), [3], { inReveal: true, status: 'open' });
    setFocus(rotating, 'rotate');
    setVisibility(rotating, 'reveal', 10);
    revealNext(rotating);
    revealNext(rotating);
    closeVote(rotating, 20);
    expect(rotating.visibility.revealStep).toBe(2);
    updateVoteSettings(rotating, { audienceWeight: 20 });
    expect(rotating.visibility.revealStep).toBe(2);
  });
});
