interface Waiter<T> {
  readonly predicate: (item: T) => boolean;
  readonly nth: number;
  seen: number;
  readonly resolve: (item: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Options of {@link WaitableList.waitFor}. */
export interface WaitOptions {
  /** Resolve with the nth matching item (1-based). Defaults to 1. */
  nth?: number;
  timeoutMs: number;
  /** Names what is awaited in the timeout error. */
  description: string;
}

/** An append-only list whose items can be awaited: past items count as well as future ones. */
export class WaitableList<T> {
  #items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #summarize: (items: readonly T[]) => string;

  /** @param summarize - renders the list for timeout errors. */
  constructor(summarize: (items: readonly T[]) => string) {
    this.#summarize = summarize;
  }

  get items(): readonly T[] {
    return this.#items;
  }

  push(item: T): void {
    this.#items.push(item);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(item) && ++waiter.seen >= waiter.nth)
        this.#settle(waiter, () => waiter.resolve(item));
    }
  }

  /** Forgets past items; pending waiters keep waiting for future ones. */
  clear(): void {
    this.#items = [];
  }

  /** Resolves with the nth item matching `predicate`, or rejects after `timeoutMs`. */
  waitFor(predicate: (item: T) => boolean, options: WaitOptions): Promise<T> {
    const nth = options.nth ?? 1;
    const matches = this.#items.filter(predicate);
    const found = matches[nth - 1];
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(waiter, () => reject(this.#timeoutError(options)));
      }, options.timeoutMs);
      const waiter: Waiter<T> = { predicate, nth, seen: matches.length, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every pending waiter with `error`. */
  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) this.#settle(waiter, () => waiter.reject(error));
  }

  #settle(waiter: Waiter<T>, settle: () => void): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
    settle();
  }

  #timeoutError({ description, timeoutMs, nth = 1 }: WaitOptions): Error {
    const which = nth === 1 ? '' : ` (#${nth})`;
    return new Error(
      `Timed out after ${timeoutMs} ms waiting for ${description}${which}.\n${this.#summarize(this.#items)}`,
    );
  }
}
