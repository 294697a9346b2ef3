// A two-room event for the rooms tests (issue 17): the demo event in two halls.
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';

export const HOST_B = 'room-host-token-of-hall-b-0123456789abc';

/** The first three pitches and the sessions in Hall A (the main room), the other pitches in Hall B, whose host holds HOST_B. */
export function twoHalls(data: PodiumData = demoData()): PodiumData {
  data.event.rooms = [
    { id: 'hall-a', name: 'Hall A' },
    { id: 'hall-b', name: 'Hall B' },
  ];
  const pitches = data.event.agenda.filter((i) => i.kind === 'pitch');
  for (const item of pitches.slice(3)) item.roomId = 'hall-b';
  data.roomHostTokens = { 'hall-b': HOST_B };
  return data;
}
