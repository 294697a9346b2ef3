// The demo event a fresh install starts with (../shared/PRODUCT.md): an award for
// young impact innovators against plastic pollution. Nothing here is special-cased
// anywhere else; a real event replaces all of it from the organiser's builder.
import type { AgendaItem, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { pitchPhases } from './event-builder.ts';
import { newId, newToken } from './ids.ts';
import { emptyData } from './new-event.ts';

const MIN = 60_000;

/** Today at 16:00 in the server's time zone. */
function todayAt(hours: number, minutes: number, now: Date = new Date()): number {
  const d = new Date(now);
  d.setHours(hours, minutes, 0, 0);
  return d.getTime();
}

export function demoEvent(now: Date = new Date()): PodiumEvent {
  const categoryNames = [
    'Packaging',
    'Oceans & rivers',
    'Recycling',
    'Consumer habits',
    'Materials',
    'Education',
    'Policy & advocacy',
    'Circular economy',
    'Community action',
  ];
  const categories = categoryNames.map((name) => ({ id: newId(), name }));
  const cat = (name: string) => categories.find((c) => c.name === name)!.id;

  const teams = [
    { name: 'ecopals', project: 'Refill stations for school canteens', members: ['Amara Okafor', 'Lukas Brandt'], categoryId: cat('Packaging') },
    { name: 'Tide Turners', project: 'River barriers that catch plastic before the sea', members: ['Sofia Marquez', 'Jonas Weber', 'Ife Adeyemi'], categoryId: cat('Oceans & rivers') },
    { name: 'LoopLab', project: 'Deposit-return app for takeaway cups', members: ['Mei Chen', 'Tom Fischer'], categoryId: cat('Circular economy') },
    { name: 'Seaweed Wrap', project: 'Edible seaweed film for street food', members: ['Nadia Haddad', 'Pavel Novak'], categoryId: cat('Materials') },
    { name: 'Plastic Detectives', project: 'Classroom kits to audit school waste', members: ['Leila Nasser', 'Sam Osei'], categoryId: cat('Education') },
    { name: 'Bottle Bank', project: 'Neighbourhood bottle collection for recycling credits', members: ['Diego Rossi', 'Hana Kim'], categoryId: cat('Community action') },
  ].map((t) => ({ id: newId(), ...t }));

  const criteria = [
    ['Impact', 'How much plastic does your idea conserve?'],
    ['Reach', 'How many people will be affected by your idea?'],
    ['Implementation', 'What is the feasibility of your solution being implemented at global scale?'],
    ['Environmental', 'What is the overall environmental impact of your idea?'],
  ].map(([name, question]) => ({ id: newId(), name: name!, question: question!, weight: 1, min: 1, max: 10 }));

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
  const pitch = (teamId: string): AgendaItem => ({ id: newId(), kind: 'pitch', teamId, phases: pitchPhases(pitchMs, recapMs) });

  const agenda: AgendaItem[] = [
    session('welcome', 'Welcome and intro', 15),
    ...teams.slice(0, 3).map((t) => pitch(t.id)),
    session('break', 'Short break', 10),
    ...teams.slice(3).map((t) => pitch(t.id)),
    session('deliberation', 'Jury deliberation', 20),
    session('awards', 'Awards', 15),
  ];

  return {
    settings: {
      name: 'Young Innovators against Plastic Pollution Award',
      startsAt: todayAt(16, 0, now),
      pitchMs,
      recapMs,
      amberMs: 1 * MIN,
      redMs: 30_000,
      autoAdvanceToRecap: false,
      normalisation: 'none',
      tieBreakers: [{ kind: 'criterion', criterionId: criteria[0]!.id }, { kind: 'jurorCount' }],
    },
    categories,
    criteria,
    teams,
    jurors,
    agenda,
  };
}

export function demoData(organiserToken?: string, now: Date = new Date()): PodiumData {
  return emptyData(demoEvent(now), organiserToken);
}
