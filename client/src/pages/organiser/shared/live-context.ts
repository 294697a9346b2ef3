// The organiser's connection, for every tab and row of the console.
import { liveContext } from '../../../lib/live-context.ts';

export const { provide: provideLive, use: useLive } = liveContext<'state:organiser'>();
