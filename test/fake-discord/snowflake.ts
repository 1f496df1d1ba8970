/** Milliseconds since the Unix epoch of the first second of 2015, Discord's epoch. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const INCREMENT_BITS = 22n;
const INCREMENT_MASK = (1 << Number(INCREMENT_BITS)) - 1;

/**
 * Builds a Discord snowflake from a timestamp and a 22-bit increment (worker, process and
 * increment fields merged: the fake only needs ids that are unique and ordered by time).
 */
export function snowflake(timestampMs: number, increment: number): string {
  const time = BigInt(timestampMs) - DISCORD_EPOCH_MS;
  return ((time << INCREMENT_BITS) | BigInt(increment & INCREMENT_MASK)).toString();
}

/** Generates strictly increasing snowflakes stamped with the current time. */
export class SnowflakeGenerator {
  #lastMs = 0;
  #increment = 0;
  readonly #clock: () => number;

  /** `clock`: Discord's notion of now (the real clock by default; a test's simulated one). */
  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** The instant the generator stamps ids with now. */
  now(): number {
    return this.#clock();
  }

  /** Returns a new snowflake, greater than every one this generator returned before. */
  next(): string {
    const now = Math.max(Math.floor(this.#clock()), this.#lastMs);
    if (now === this.#lastMs) {
      this.#increment++;
    } else {
      this.#lastMs = now;
      this.#increment = 0;
    }
    if (this.#increment > INCREMENT_MASK) {
      this.#lastMs++;
      this.#increment = 0;
    }
    return snowflake(this.#lastMs, this.#increment);
  }
}

/** The instant (ms) a snowflake was made. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> INCREMENT_BITS) + DISCORD_EPOCH_MS);
}
