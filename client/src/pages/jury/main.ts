import { mount } from 'svelte';
import '../../styles/base.css';
import Jury from './Jury.svelte';

mount(Jury, { target: document.getElementById('app')! });
