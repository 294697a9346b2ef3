// Socket.IO room names, built in one place: whoever joins a socket to a room and
// whoever sends to it must agree on the name.
export const rooms = {
  public: 'public',
  organiser: 'organiser',
  /** Every page open with one juror's link. */
  juror: (jurorId: string): string => `juror:${jurorId}`,
} as const;

/** The room a socket of this role joins. */
export const roomOf = (role: 'public' | 'organiser' | 'juror', jurorId: string | null): string =>
  role === 'juror' && jurorId ? rooms.juror(jurorId) : role === 'organiser' ? rooms.organiser : rooms.public;
