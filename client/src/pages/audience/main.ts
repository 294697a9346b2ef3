import { mount } from 'svelte';
import '../../styles/base.css';
import Audience from './Audience.svelte';

mount(Audience, { target: document.getElementById('app')! });
