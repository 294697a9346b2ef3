import { mount } from 'svelte';
import '../../styles/base.css';
import Organiser from './Organiser.svelte';

mount(Organiser, { target: document.getElementById('app')! });
