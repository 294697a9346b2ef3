// A leaked juror link in someone else's hands: twenty sockets on one token, sending
// scores as fast as they can (half without an ack), reconnecting whenever cut off.
import { io, type Socket } from 'socket.io-client';
import { serve } from './lib/rpc.ts';

const counts = { sent: 0, ok: 0, limited: 0, other: 0, cutOffs: 0, refusedConnections: 0, refusedMessage: '' };
let stopping = false;
let loops: Promise<void>[] = [];

function oneSocket(p: { url: string; token: string; teamIds: string[]; marks: Record<string, number> }, id: number): Promise<void> {
  let n = 0;
  return new Promise((resolve) => {
    const s: Socket = io(p.url, { auth: { token: p.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    let timer: NodeJS.Timeout | undefined;
    s.once('connect', () => {
      const blast = () => {
        if (stopping || !s.connected) return;
        for (let i = 0; i < 20; i++) {
          counts.sent++;
          n++;
          const payload = { opId: `flood-${process.pid}-${id}-${n}`, teamId: p.teamIds[n % p.teamIds.length], revision: 1000 + n, marks: p.marks, note: 'flood' };
          if (n % 2) s.emit('score:submit', payload);
          else s.emit('score:submit', payload, (r: { ok: boolean; error?: { code: string } }) => (r.ok ? counts.ok++ : r.error?.code === 'rate-limited' ? counts.limited++ : counts.other++));
        }
        timer = setTimeout(blast, 1);
      };
      blast();
    });
    s.once('disconnect', (reason) => {
      clearTimeout(timer);
      if (reason === 'io server disconnect') counts.cutOffs++;
      resolve();
    });
    s.once('connect_error', (e: Error) => {
      counts.refusedConnections++;
      counts.refusedMessage = e.message;
      s.close();
      setTimeout(resolve, 50);
    });
  });
}

serve({
  start: (p: { url: string; token: string; teamIds: string[]; marks: Record<string, number>; sockets: number }) => {
    stopping = false;
    loops = Array.from({ length: p.sockets }, async (_, id) => {
      while (!stopping) await oneSocket(p, id);
    });
    return null;
  },
  counts: () => ({ ...counts }),
  stop: async () => {
    stopping = true;
    await Promise.all(loops);
    return { ...counts };
  },
});
