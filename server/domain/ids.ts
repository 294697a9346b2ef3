import { customAlphabet, nanoid } from 'nanoid';

/** Short ids for things that grant nothing (teams, criteria, agenda items). */
export const newId = customAlphabet('23456789abcdefghijkmnpqrstuvwxyz', 10);

/** Secrets that grant access: 32 url-safe characters, 192 bits of randomness. */
export const newToken = (): string => nanoid(32);
