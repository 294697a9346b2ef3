// The demo event a fresh install starts with (../shared/PRODUCT.md): an award for
// young impact innovators against plastic pollution. Nothing here is special-cased
// anywhere else; a real event replaces all of it from the organiser's builder.
import type { AgendaItem, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { pitchPhases } from './event-builder.ts';
import { newId, newToken } from './ids.ts';
import { defaultLocality, emptyData, type Locality } from './new-event.ts';

const MIN = 60_000;

/** Today at 16:00 in the server's time zone. */
export function todayAt(hours: number, minutes: number, now: Date = new Date()): number {
  const d = new Date(now);
  d.setHours(hours, minutes, 0, 0);
  return d.getTime();
}

// French typography: U+202F (narrow no-break space) before ? ! : ;
const NNBSP = '\u202f';

/** The demo's words in each language (team and person names stay as they are). */
const DEMO = {
  en: {
    name: 'Young Innovators against Plastic Pollution Award',
    categories: ['Packaging', 'Oceans & rivers', 'Recycling', 'Consumer habits', 'Materials', 'Education', 'Policy & advocacy', 'Circular economy', 'Community action'],
    projects: [
      'Refill stations for school canteens',
      'River barriers that catch plastic before the sea',
      'Deposit-return app for takeaway cups',
      'Edible seaweed film for street food',
      'Classroom kits to audit school waste',
      'Neighbourhood bottle collection for recycling credits',
    ],
    criteria: [
      ['Impact', 'How much plastic does your idea conserve?'],
      ['Reach', 'How many people will be affected by your idea?'],
      ['Implementation', 'What is the feasibility of your solution being implemented at global scale?'],
      ['Environmental', 'What is the overall environmental impact of your idea?'],
    ],
    sessions: { welcome: 'Welcome and intro', break: 'Short break', deliberation: 'Jury deliberation', awards: 'Awards' },
  },
  fr: {
    name: 'Prix des jeunes innovateurs contre la pollution plastique',
    categories: ['Emballages', 'Océans et rivières', 'Recyclage', 'Habitudes de consommation', 'Matériaux', 'Éducation', 'Politique et plaidoyer', 'Économie circulaire', 'Action locale'],
    projects: [
      'Fontaines de remplissage pour les cantines scolaires',
      'Barrages fluviaux qui retiennent le plastique avant la mer',
      'Application de consigne pour les gobelets à emporter',
      'Film comestible d’algues pour la cuisine de rue',
      'Mallettes pour mesurer les déchets de l’école en classe',
      'Collecte de bouteilles dans le quartier contre des crédits de recyclage',
    ],
    criteria: [
      ['Impact', `Combien de plastique votre idée permet-elle d’économiser${NNBSP}?`],
      ['Portée', `Combien de personnes votre idée touchera-t-elle${NNBSP}?`],
      ['Mise en œuvre', `Votre solution peut-elle être mise en œuvre à l’échelle mondiale${NNBSP}?`],
      ['Environnement', `Quel est l’impact environnemental global de votre idée${NNBSP}?`],
    ],
    sessions: { welcome: 'Accueil et introduction', break: 'Courte pause', deliberation: 'Délibération du jury', awards: 'Remise des prix' },
  },
} as const;

export function demoEvent(now: Date = new Date(), locality: Locality = defaultLocality()): PodiumEvent {
  const words = DEMO[locality.language];
  const categories = words.categories.map((name) => ({ id: newId(), name }));
  const cat = (index: number) => categories[index]!.id;

  const teams = [
    { name: 'ecopals', members: ['Amara Okafor', 'Lukas Brandt'], categoryId: cat(0) },
    { name: 'Tide Turners', members: ['Sofia Marquez', 'Jonas Weber', 'Ife Adeyemi'], categoryId: cat(1) },
    { name: 'LoopLab', members: ['Mei Chen', 'Tom Fischer'], categoryId: cat(7) },
    { name: 'Seaweed Wrap', members: ['Nadia Haddad', 'Pavel Novak'], categoryId: cat(4) },
    { name: 'Plastic Detectives', members: ['Leila Nasser', 'Sam Osei'], categoryId: cat(5) },
    { name: 'Bottle Bank', members: ['Diego Rossi', 'Hana Kim'], categoryId: cat(8) },
  ].map((t, i) => ({ id: newId(), name: t.name, project: words.projects[i]!, members: t.members, categoryId: t.categoryId }));

  const criteria = words.criteria.map(([name, question]) => ({ id: newId(), name, question, weight: 1, min: 1, max: 10 }));

  const jurors = ['Dr. Ana Lima', 'Kwame Mensah', 'Ingrid Holm', 'Ravi Patel'].map((name) => ({
    id: newId(),
    name,
    token: newToken(),
    conflicts: [] as string[],
  }));

  const pitchMs = 5 * MIN;
  const recapMs = 3 * MIN;
  const session = (sessionKind: 'welcome' | 'break' | 'deliberation' | 'awards', title: string, minutes: number): AgendaItem => ({
    id: newId(),
    kind: 'session',
    sessionKind,
    title,
    phases: [{ name: title, durationMs: minutes * MIN }],
  });
  const pitch = (teamId: string): AgendaItem => ({ id: newId(), kind: 'pitch', teamId, phases: pitchPhases(pitchMs, recapMs, locality.language) });

  const agenda: AgendaItem[] = [
    session('welcome', words.sessions.welcome, 15),
    ...teams.slice(0, 3).map((t) => pitch(t.id)),
    session('break', words.sessions.break, 10),
    ...teams.slice(3).map((t) => pitch(t.id)),
    session('deliberation', words.sessions.deliberation, 20),
    session('awards', words.sessions.awards, 15),
  ];

  return {
    settings: {
      name: words.name,
      startsAt: todayAt(16, 0, now),
      pitchMs,
      recapMs,
      amberMs: 1 * MIN,
      redMs: 30_000,
      autoAdvanceToRecap: false,
      normalisation: 'none',
      tieBreakers: [{ kind: 'criterion', criterionId: criteria[0]!.id }, { kind: 'jurorCount' }],
      language: locality.language,
      timeZone: locality.timeZone,
    },
    categories,
    criteria,
    teams,
    jurors,
    agenda,
  };
}

export function demoData(organiserToken?: string, now: Date = new Date(), locality: Locality = defaultLocality()): PodiumData {
  return emptyData(demoEvent(now, locality), organiserToken);
}
