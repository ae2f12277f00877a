// Pauses between retries of a write that lost a race: short, random, growing, so contenders spread out.

/** Full jitter over an exponential ceiling (20 ms, 40 ms, … at most 640 ms). */
export const jitteredPause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
