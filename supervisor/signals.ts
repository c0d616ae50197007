/** Signals that ask the supervisor to stop (the reference handles only TERM and INT). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP"];
/** Passed on to the child's group untouched. SIGUSR1 stays with Node's inspector. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGUSR2"];

export type StopListener = (signal: NodeJS.Signals, count: number) => void;

/**
 * Records stop requests from the moment it is installed, so a SIGTERM that arrives during env validation
 * or dependency installation is never lost, and lets each phase react to it.
 */
export class StopRequests {
  #signal: NodeJS.Signals | undefined;
  #count = 0;
  readonly #listeners = new Set<StopListener>();
  #forward: ((signal: NodeJS.Signals) => void) | undefined;

  install(): this {
    for (const signal of STOP_SIGNALS) process.on(signal, () => this.request(signal));
    for (const signal of FORWARDED_SIGNALS) process.on(signal, () => this.#forward?.(signal));
    return this;
  }

  request(signal: NodeJS.Signals): void {
    this.#signal ??= signal;
    this.#count += 1;
    for (const listener of this.#listeners) listener(signal, this.#count);
  }

  /** The first stop signal received, if any. */
  get signal(): NodeJS.Signals | undefined {
    return this.#signal;
  }

  get requested(): boolean {
    return this.#count > 0;
  }

  /** Calls `listener` on every later request; returns the unsubscribe function. */
  subscribe(listener: StopListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Where forwarded signals go (the running child's group), or nowhere. */
  forwardTo(target: ((signal: NodeJS.Signals) => void) | undefined): void {
    this.#forward = target;
  }
}
