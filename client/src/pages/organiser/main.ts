import { mount } from 'svelte';
import '../../styles/base.css';
import Organiser from './Organiser.svelte';
import HostConsole from './HostConsole.svelte';
// Every error message (the juror page keeps to a few): errorText says any refusal.
import '../../lib/i18n/error-messages.ts';

// A room host's link names its room (`?room=`): that room's Live tab only (issue 17).
const target = document.getElementById('app')!;
if (new URLSearchParams(location.search).has('room')) mount(HostConsole, { target, props: { token: location.hash.slice(1) } });
else mount(Organiser, { target });
