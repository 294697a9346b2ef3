// An event of any number of teams, every one scored, through the real app: the
// event is seeded into the store, the scores come from a juror's socket and the
// rankings are made public by the organiser's, as in a real show.
import { expect } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from './app.ts';

/** Names that trip up text layout: capital accents, descenders, long French words, emoji. */
export const AWKWARD_NAMES = [
  'Énergie',
  'Économie circulaire',
  'Jgypq Ågåt',
  'Anticonstitutionnellement Écoconception',
  'Ça Recycle 🌊🐢',
  'Ålborg Çevre Ünité',
];

const FILLERS = ['Équipe', 'Grüne Straße', 'Océan', 'Çà et là', 'Ørsted Lab', 'Fjord 🌍'];

/** A French event's: the long words issue 14 names (they must fit on a projector and a phone), and more accents. */
export const FRENCH_NAMES = [
  'Mise en œuvre',
  'Délibération du jury',
  'Économie circulaire',
  'Ça Recycle 🌊🐢',
  'Œuvres Écologiques Généralisées',
  'Jgypq Ågåt',
  'Énergie',
  'Équipe Québécoise',
];

export const teamNames = (count: number, first: readonly string[] = AWKWARD_NAMES): string[] =>
  Array.from({ length: count }, (_, i) => first[i] ?? `${FILLERS[i % FILLERS.length]} ${i + 1}`);

export interface Crowd {
  t: TestApp;
  names: string[];
  sockets: TestSocket[];
  organiser: TestSocket;
  close: () => Promise<void>;
}

async function send(socket: TestSocket, event: string, payload: unknown = {}) {
  const ack = await emitRaw(socket, event, payload);
  expect(ack, `${event}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
}

/** A show of `count` teams, each scored once, the rankings live; `language` 'fr': a French event (its words, French names). */
export async function crowdedShow(count: number, language: 'en' | 'fr' = 'en'): Promise<Crowd> {
  const names = teamNames(count, language === 'fr' ? FRENCH_NAMES : AWKWARD_NAMES);
  const data = language === 'fr' ? demoData(undefined, new Date(), { language, timeZone: 'Europe/Zurich' }) : demoData();
  const categories = data.event.categories;
  data.event.teams = names.map((name, i) => ({
    id: `team-${i}`,
    name,
    project: `${language === 'fr' ? 'Projet' : 'Project'} ${i + 1}`,
    members: [],
    categoryId: categories[i % categories.length]!.id,
  }));
  for (const j of data.event.jurors) j.conflicts = [];
  data.event.agenda = [
    ...data.event.agenda.filter((item) => item.kind === 'session').slice(0, 1),
    ...data.event.teams.map((team) => ({
      id: `pitch-${team.id}`,
      kind: 'pitch' as const,
      teamId: team.id,
      phases: [{ name: 'Pitch', durationMs: 300_000 }],
    })),
  ];
  const t = await startApp({ seed: () => data });
  const org = (await organiser(t)).socket;
  const jurorSocket = (await juror(t, 0)).socket;
  await send(org, 'scoring:open', { teamId: null });
  const criteria = t.data().event.criteria;
  for (const [i, team] of t.data().event.teams.entries()) {
    // Marks spread over each criterion's scale; some teams tie, as at a real event.
    const marks = Object.fromEntries(criteria.map((c, k) => [c.id, c.min + ((i * 7 + k * 3) % (c.max - c.min + 1))]));
    await send(jurorSocket, 'score:submit', { opId: `crowd-op-${i}`, teamId: team.id, revision: 1, marks, note: '' });
  }
  await send(org, 'visibility:set', { mode: 'live' });
  return {
    t,
    names,
    sockets: [jurorSocket],
    organiser: org,
    close: async () => {
      org.disconnect();
      jurorSocket.disconnect();
      await t.close();
    },
  };
}
