import { HttpError, isHttpError } from "../http-error.ts";
import { describeError } from "../logging.ts";
import type { Logger } from "../logging.ts";

/** What a completed load yields: the engine's handle and whatever the router keeps per model. */
export interface Loaded<S> {
  handle: unknown;
  serving: S;
}

/** One name's life: loading, then loaded (listed and served until its DELETE arrives), then unloading. */
export interface ModelEntry<S> {
  readonly name: string;
  readonly url: string;
  handle: unknown;
  serving: S | undefined;
  /** Listed, found and served: loaded and no DELETE yet. */
  servable: boolean;
  deleting: boolean;
  /** Invocations whose response has not ended yet. */
  active: number;
  /** Order of load completion, for listing and page tokens. */
  seq: number;
  /** true once loaded, false when the load failed. */
  readonly settled: Promise<boolean>;
}

export interface RegistryOptions<S> {
  maxLoaded: number | undefined;
  pageSize: number;
  logger: Logger;
  load(name: string, url: string): Promise<Loaded<S>>;
  unload(entry: ModelEntry<S>): Promise<void>;
}

export interface ModelPage<S> {
  models: Array<ModelEntry<S>>;
  nextPageToken: string | undefined;
}

const TOKEN_PREFIX = "mp1.";

/**
 * The state machine of multi-model endpoints. Every name present in `#entries` (loading, loaded or
 * unloading) counts towards `maxLoaded` and blocks another load of the same name; only loads that
 * completed and have no DELETE yet are listed or invoked.
 */
export class ModelRegistry<S> {
  readonly #entries = new Map<string, ModelEntry<S>>();
  /** Servable entries in load-completion order. */
  #listed: Array<ModelEntry<S>> = [];
  /** Sequence numbers that ended a page: the only tokens accepted. Bounded by the number of loads. */
  readonly #issued = new Set<number>();
  #nextSeq = 1;
  #closing = false;
  readonly #options: RegistryOptions<S>;

  constructor(options: RegistryOptions<S>) {
    this.#options = options;
  }

  /** Loads `name` once; 409 while the name is taken, 507 when out of room, the load's own error otherwise. */
  async load(name: string, url: string): Promise<ModelEntry<S>> {
    if (this.#entries.has(name)) throw new HttpError(409, `Model ${name} is already loaded`);
    if (this.#closing) throw new HttpError(503, "Service Unavailable");
    const { maxLoaded } = this.#options;
    if (maxLoaded !== undefined && this.#entries.size >= maxLoaded) {
      throw new HttpError(507, `Cannot load model ${name}: ${this.#entries.size} models are loaded`);
    }
    let settle!: (ok: boolean) => void;
    const entry: ModelEntry<S> = {
      name,
      url,
      handle: undefined,
      serving: undefined,
      servable: false,
      deleting: false,
      active: 0,
      seq: 0,
      settled: new Promise<boolean>((resolve) => (settle = resolve)),
    };
    this.#entries.set(name, entry);
    let loaded: Loaded<S>;
    try {
      loaded = await this.#options.load(name, url);
    } catch (error) {
      this.#entries.delete(name);
      settle(false);
      if (isHttpError(error)) throw error;
      this.#options.logger.error(`Failed to load model ${name}: ${describeError(error)}`);
      throw new HttpError(500, `Failed to load model ${name}`, { cause: error });
    }
    entry.handle = loaded.handle;
    entry.serving = loaded.serving;
    entry.seq = this.#nextSeq++;
    // A DELETE that arrived during the load (or close()) unloads it; it was never servable.
    if (!entry.deleting && !this.#closing) {
      entry.servable = true;
      this.#listed.push(entry);
    }
    settle(true);
    this.#options.logger.info(`Loaded model ${name}`);
    if (this.#closing && !entry.deleting) void this.#unloadQuietly(entry);
    return entry;
  }

  /** A servable model, or undefined. */
  get(name: string): ModelEntry<S> | undefined {
    const entry = this.#entries.get(name);
    return entry?.servable ? entry : undefined;
  }

  /** The servable model, counted as active until `release`; undefined when not servable. */
  acquire(name: string): ModelEntry<S> | undefined {
    const entry = this.get(name);
    if (entry) entry.active++;
    return entry;
  }

  release(entry: ModelEntry<S>): void {
    entry.active--;
  }

  /** One page of servable models after `token`; a token this registry did not issue is 400. */
  list(token: string | null): ModelPage<S> {
    let after = 0;
    if (token !== null) {
      const seq = token.startsWith(TOKEN_PREFIX) ? Number(token.slice(TOKEN_PREFIX.length)) : Number.NaN;
      if (!this.#issued.has(seq)) throw new HttpError(400, "Invalid next_page_token: it was not issued by this server");
      after = seq;
    }
    let start = 0;
    while (start < this.#listed.length && this.#listed[start]!.seq <= after) start++;
    const models = this.#listed.slice(start, start + this.#options.pageSize);
    const more = start + models.length < this.#listed.length;
    if (!more || models.length === 0) return { models, nextPageToken: undefined };
    const last = models[models.length - 1]!.seq;
    this.#issued.add(last);
    return { models, nextPageToken: `${TOKEN_PREFIX}${last}` };
  }

  /**
   * DELETE: stops serving at once, waits for a load in progress and for running invocations (their
   * responses included), then unloads. The model is gone whether or not `unload` succeeds.
   */
  async unload(name: string): Promise<ModelEntry<S>> {
    const entry = this.#entries.get(name);
    if (!entry || entry.deleting || this.#closing) throw notLoaded(name);
    entry.deleting = true;
    this.#stopServing(entry);
    if (!(await entry.settled)) throw notLoaded(name);
    await this.#drain(entry);
    try {
      await this.#options.unload(entry);
    } catch (error) {
      if (isHttpError(error)) throw error;
      this.#options.logger.error(`Failed to unload model ${name}: ${describeError(error)}`);
      throw new HttpError(500, `Failed to unload model ${name}`, { cause: error });
    } finally {
      this.#entries.delete(name);
    }
    this.#options.logger.info(`Unloaded model ${name}`);
    return entry;
  }

  /** handler.close(): every model is unloaded once its load settles; running responses are not awaited. */
  async closeAll(): Promise<void> {
    this.#closing = true;
    const pending = [...this.#entries.values()].filter((entry) => !entry.deleting);
    for (const entry of pending) {
      entry.deleting = true;
      this.#stopServing(entry);
    }
    await Promise.all(
      pending.map(async (entry) => {
        if (await entry.settled) await this.#unloadQuietly(entry);
      }),
    );
  }

  async #unloadQuietly(entry: ModelEntry<S>): Promise<void> {
    entry.deleting = true;
    this.#stopServing(entry);
    try {
      await this.#options.unload(entry);
    } catch (error) {
      this.#options.logger.error(`Failed to unload model ${entry.name}: ${describeError(error)}`);
    } finally {
      this.#entries.delete(entry.name);
    }
  }

  #stopServing(entry: ModelEntry<S>): void {
    if (!entry.servable) return;
    entry.servable = false;
    this.#listed = this.#listed.filter((listed) => listed !== entry);
  }

  /**
   * Polls rather than waiting on a promise that the invocations resolve: workerd refuses a promise
   * made in one request and resolved by another ("Promise will never complete"), and cancels a request
   * as hung when only another request could wake it; the waiting request's own timer avoids both.
   */
  async #drain(entry: ModelEntry<S>): Promise<void> {
    while (entry.active > 0) await new Promise<void>((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}

const DRAIN_POLL_MS = 10;

export function notLoaded(name: string): HttpError {
  return new HttpError(404, `Model ${name} is not loaded`);
}
