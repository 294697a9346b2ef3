// The primary's side of a cluster: it answers its fan-out nodes over the bus (bus.ts). The
// primary's clock, for their estimate of it; every room's public state and anchor, for a node
// that starts or missed a version; the audience's votes, applied here and answered only once on
// disk, as a vote sent to the primary itself is; and device passes, minted and checked here
// (they are signed with a key only the primary holds).
import { z } from 'zod';
import { Payloads } from '../../protocol/events.ts';
import { DomainError } from '../../protocol/result.ts';
import type { DevicePasses } from '../auth/device.ts';
import type { Clock } from '../domain/clock.ts';
import * as votes from '../domain/votes.ts';
import type { Store } from '../store/index.ts';
import type { Change, PodiumServer } from '../types/socket.ts';
import { serveBus } from './bus.ts';
import type { ClusterSnapshot } from './mirror.ts';

export interface PrimaryParts {
  io: PodiumServer;
  store: Store;
  clock: Clock;
  devices: DevicePasses;
  /** The broadcaster's: every room's public version and anchor. */
  snapshot: () => ClusterSnapshot;
  /** The broadcaster's: a change to send. */
  changed: (change: Change) => void;
}

/** Who votes through a node: the phone's pass as its cookie holds it (checked here), and its address. */
const Voter = z.object({ pass: z.string().max(200).nullable(), address: z.string().max(100) });
const VoteCast = Voter.extend({ payload: Payloads['vote:cast'] });
const VoteMine = Voter.extend({ payload: Payloads['vote:mine'] });
const Device = Voter;

export function servePrimary(parts: PrimaryParts): void {
  const { store, clock, devices } = parts;
  const voter = (v: z.infer<typeof Voter>) => {
    const deviceId = devices.verify(v.pass);
    if (!deviceId) throw new DomainError('forbidden', 'error_vote_no_device');
    return { deviceId, address: v.address };
  };
  serveBus(parts.io, {
    clock: () => clock.now(),
    snapshot: () => parts.snapshot(),
    'vote:cast': async (raw) => {
      const { payload, ...v } = VoteCast.parse(raw);
      const who = voter(v);
      // Acknowledged once on disk, like a vote sent here directly.
      const { ballot, applied } = await store.mutate((d) => votes.castVote(d, who, payload, clock.now()), []);
      if (applied) parts.changed({ kind: 'vote' });
      return { teamId: ballot.teamId, revision: ballot.revision };
    },
    'vote:mine': (raw) => {
      const { payload, ...v } = VoteMine.parse(raw);
      const ballot = votes.ballotOf(store.data, voter(v), payload.ticket);
      return ballot ? { teamId: ballot.teamId, revision: ballot.revision } : null;
    },
    device: (raw) => {
      const v = Device.parse(raw);
      if (devices.verify(v.pass)) return { pass: v.pass };
      return { pass: devices.mint(v.address, clock.now()) };
    },
  });
  // Whatever the nodes hold from before a restart, every room gets a fresh version now.
  parts.changed({ kind: 'everything' });
}
