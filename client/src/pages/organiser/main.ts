import { mount } from 'svelte';
import '../../styles/base.css';
import Organiser from './Organiser.svelte';
// Every error message (the juror page keeps to a few): errorText says any refusal.
import '../../lib/i18n/error-messages.ts';

mount(Organiser, { target: document.getElementById('app')! });
