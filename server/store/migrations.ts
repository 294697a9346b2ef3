// Data files from older versions of Podium are migrated on open, never refused.
// Each step takes the raw JSON of version N and returns version N + 1.
import { emptyExpoQueueState, initialPeopleVote, SCHEMA_VERSION } from '../../protocol/model.ts';
import { machineTimeZone } from '../../protocol/format.ts';

type Raw = Record<string, unknown>;

const steps: Record<number, (data: Raw) => Raw> = {
  // Version 0 (the first prototype) had no version field, no audit log and no
  // record of applied operations.
  0: (data) => ({ ...data, schemaVersion: 1, audit: data.audit ?? [], appliedOps: data.appliedOps ?? {} }),
  // Version 2 keeps the audit log in its own append-only file (podium.audit.jsonl);
  // the store moves it out of version 1's data file when it opens one.
  1: (data) => ({ ...data, schemaVersion: 2 }),
  // Version 3 makes podium.json a snapshot of an fdatasync'd change log (podium.log):
  // the snapshot says which log record it includes (logSeq; 0 for older files, which
  // have no log). An older Podium must refuse it rather than ignore the log.
  2: (data) => ({ ...data, schemaVersion: 3 }),
  // Version 4 gives the event a language and a time zone. Older events were shown in
  // English, at the times of the machine that ran them: the same, now said explicitly.
  3: (data) => {
    const event = (data.event ?? {}) as Raw;
    const settings = (event.settings ?? {}) as Raw;
    return {
      ...data,
      schemaVersion: 4,
      event: { ...event, settings: { language: 'en', timeZone: machineTimeZone(), ...settings } },
    };
  },
  // Version 5 adds the operator token of the control API (stream decks), none until the organiser
  // makes one, and the people's vote: not open, no ballots, no tickets, not in the reveal
  // (a version 5 file from before `inReveal` existed gets it from the schema's default).
  4: (data) => ({
    ...data,
    schemaVersion: 5,
    operatorToken: data.operatorToken ?? null,
    peopleVote: { ...initialPeopleVote(), ...((data.peopleVote as Raw | undefined) ?? {}) },
    ballots: data.ballots ?? {},
    tickets: data.tickets ?? {},
  }),
  // Version 6 gives each room its own show (issue 17): `live` stays the main room's, where it was,
  // so the show opens exactly where it stood; other rooms (none yet) and their hosts' tokens are added.
  5: (data) => ({ ...data, schemaVersion: 6, roomsLive: data.roomsLive ?? {}, roomHostTokens: data.roomHostTokens ?? {} }),
  // Version 7 adds rounds (issues 17 and 18): no closed round yet and an empty expo queue. The event
  // has no `rounds`, so it reads as one stage round, as before.
  6: (data) => ({ ...data, schemaVersion: 7, roundArchives: data.roundArchives ?? {}, expo: data.expo ?? emptyExpoQueueState() }),
};

/** The schema version a raw data file says it has; files from before versions existed are 0. */
export function schemaVersionOf(raw: unknown): number {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 0;
  const version = (raw as Raw).schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

export function migrate(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  let data = raw as Raw;
  let version = schemaVersionOf(raw);
  while (version < SCHEMA_VERSION) {
    const step = steps[version];
    if (!step) break;
    data = step(data);
    version += 1;
  }
  return data;
}
