// The room's state as versions: what the room was last sent (as it crossed the wire, so the
// store changing in place cannot change it), its version, and the patch from it to the next.
// Every page of the room holds the same version; one that joins gets it whole, one that missed
// a patch asks for it whole. Generic over the state: one stream per room that has its own.
import { diffState, type DiffMemo, type StatePatch } from '../protocol/state-patch.ts';

export class PublicStream<S extends { seq: number; rev?: number }> {
  private sent: { state: S; at: number } | null = null;

  /**
   * `firstRev`: the version before the first (0). A cluster's primary starts from its start time, so
   * that after a restart its versions are newer than any a page still holds, and never fit them.
   */
  constructor(private readonly firstRev = 0) {}

  /** The version the room holds (`firstRev`: nothing sent yet). */
  get rev(): number {
    return this.sent?.state.rev ?? this.firstRev;
  }

  /** The state the room holds, with its version, as sent; null before the first. */
  get current(): S | null {
    return this.sent?.state ?? null;
  }

  /** How long ago (`now`, performance.now()) the room's version was made; Infinity before the first. */
  age(now: number): number {
    return this.sent ? now - this.sent.at : Infinity;
  }

  /**
   * `state` becomes the room's next version; returns the patch from the version before (null when
   * there was none: the pages only ever had it whole). It is copied as JSON unless `asSent` says it
   * already is such a copy; `memo` lets rooms whose versions share parts diff each shared part once.
   */
  next(state: S, now: number, asSent = false, memo?: DiffMemo): StatePatch | null {
    const before = this.sent?.state ?? null;
    const rev = this.rev + 1;
    // `asSent`: the caller made `state` of JSON copies it never changes (parts may be shared with other rooms' versions).
    const wire = asSent ? ({ ...state, rev } as S) : (JSON.parse(JSON.stringify({ ...state, rev })) as S);
    this.sent = { state: wire, at: now };
    return before ? { base: before.rev ?? 0, rev, ops: diffState(before, wire, memo) } : null;
  }
}
