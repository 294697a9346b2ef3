// The time, passed in: the domain takes `now` as a number, and whatever reads the
// clock for it (the app, the broadcaster, the rate limiter) takes a `Clock`, so a
// test can hold time still or move it on.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
