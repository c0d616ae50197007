/** Sticky-session lifecycles across several servers sharing one session store, counted as they go. */

export interface SoakOptions {
  /** Base URLs of the servers (at least two for cross-server lifecycles). */
  urls: string[];
  durationMs: number;
  clients: number;
  /** Stop creating sessions past this many. */
  maxSessions: number;
  usesPerSession: number;
  /** Per-request bound; a request past it counts as an error. */
  requestTimeoutMs?: number;
}

export interface SoakStats {
  created: number;
  used: number;
  streamed: number;
  adapterCalls: number;
  closed: number;
  /** Closed sessions confirmed gone (400 session not found) on another server. */
  confirmedGone: number;
  /** Sessions a server called unknown while they should have been active. */
  lost: number;
  fiveXx: number;
  errors: number;
  requests: number;
  durationMs: number;
  /** The first few problems, for the report. */
  samples: string[];
}

const SESSION_HEADER = "x-amzn-sagemaker-session-id";
const NEW_SESSION_HEADER = "x-amzn-sagemaker-new-session-id";
const CLOSED_SESSION_HEADER = "x-amzn-sagemaker-closed-session-id";
const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";
export const SOAK_ADAPTERS = ["soak-a1", "soak-a2"];
const EXPIRES = /^([a-zA-Z0-9-]+); Expires=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export function emptyStats(): SoakStats {
  return { created: 0, used: 0, streamed: 0, adapterCalls: 0, closed: 0, confirmedGone: 0, lost: 0, fiveXx: 0, errors: 0, requests: 0, durationMs: 0, samples: [] };
}

function note(stats: SoakStats, message: string): void {
  if (stats.samples.length < 10) stats.samples.push(message);
}

async function call(stats: SoakStats, url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; headers: Headers; text: string } | undefined> {
  stats.requests++;
  try {
    const response = await fetch(`${url}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status >= 500) {
      stats.fiveXx++;
      note(stats, `${response.status} from ${url}: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    stats.errors++;
    note(stats, `request to ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const isNotFound = (answer: { status: number; text: string }, id: string) =>
  answer.status === 400 && answer.text.includes(`session not found: ${id}`);

/** Loads the soak adapters on every server (they are per process, as an engine's are). */
export async function loadAdapters(urls: string[]): Promise<void> {
  for (const url of urls) {
    for (const name of SOAK_ADAPTERS) {
      const response = await fetch(`${url}/adapters`, { method: "POST", body: JSON.stringify({ name, src: `/models/${name}` }) });
      const text = await response.text();
      if (response.status !== 200 || text !== `Adapter ${name} registered`) throw new Error(`loading ${name} on ${url}: ${response.status} ${text}`);
    }
  }
}

/** One session: created on one server, used on any, closed on another, then confirmed gone. */
async function lifecycle(stats: SoakStats, options: SoakOptions, random: () => number): Promise<void> {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pick = () => options.urls[Math.floor(random() * options.urls.length)]!;
  const createOn = pick();
  const closeOn = options.urls.find((url) => url !== createOn) ?? createOn;
  const created = await call(stats, createOn, { requestType: "NEW_SESSION" }, {}, timeoutMs);
  if (!created) return;
  const match = EXPIRES.exec(created.headers.get(NEW_SESSION_HEADER) ?? "");
  if (created.status !== 200 || !match) {
    stats.errors++;
    note(stats, `create on ${createOn}: ${created.status} ${created.text.slice(0, 200)}`);
    return;
  }
  const id = match[1]!;
  stats.created++;
  let lost = false;
  for (let n = 0; n < options.usesPerSession && !lost; n++) {
    const stream = random() < 0.4;
    const adapter = random() < 0.5 ? SOAK_ADAPTERS[Math.floor(random() * SOAK_ADAPTERS.length)] : undefined;
    const headers: Record<string, string> = { [SESSION_HEADER]: id, ...(adapter ? { [ADAPTER_HEADER]: adapter } : {}) };
    const used = await call(stats, pick(), { n, stream }, headers, timeoutMs);
    if (!used) continue;
    if (isNotFound(used, id)) {
      lost = true;
      stats.lost++;
      note(stats, `session ${id} lost on use ${n}: ${used.text.slice(0, 200)}`);
      break;
    }
    const expected = `"session_id":"${id}"`;
    const chunks = stream ? used.text.split("data: ").length - 1 : 1;
    if (used.status !== 200 || !used.text.includes(expected) || !used.text.includes(`"context_session":"${id}"`) || chunks !== (stream ? 3 : 1) || (adapter !== undefined && !used.text.includes(`"model":"${adapter}"`))) {
      stats.errors++;
      note(stats, `use of ${id}: ${used.status} ${used.text.slice(0, 200)}`);
      continue;
    }
    stats.used++;
    if (stream) stats.streamed++;
    if (adapter) stats.adapterCalls++;
  }
  if (lost) return;
  const closed = await call(stats, closeOn, { requestType: "CLOSE" }, { [SESSION_HEADER]: id }, timeoutMs);
  if (!closed) return;
  if (isNotFound(closed, id)) {
    stats.lost++;
    note(stats, `session ${id} lost at close: ${closed.text}`);
    return;
  }
  if (closed.status !== 200 || closed.headers.get(CLOSED_SESSION_HEADER) !== id) {
    stats.errors++;
    note(stats, `close of ${id}: ${closed.status} ${closed.text.slice(0, 200)}`);
    return;
  }
  stats.closed++;
  const after = await call(stats, pick(), { n: -1 }, { [SESSION_HEADER]: id }, timeoutMs);
  if (!after) return;
  if (isNotFound(after, id)) stats.confirmedGone++;
  else {
    stats.errors++;
    note(stats, `closed session ${id} still answered ${after.status} ${after.text.slice(0, 200)}`);
  }
}

/** A small seeded generator, so a failing soak can be replayed with SOAK_SEED. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Runs `clients` concurrent loops of session lifecycles until the time or the session budget runs out. */
export async function runSoak(options: SoakOptions, stats: SoakStats = emptyStats(), seed = 1): Promise<SoakStats> {
  const started = performance.now();
  const deadline = Date.now() + options.durationMs;
  let started_ = 0;
  const client = async (index: number) => {
    const random = seeded(seed * 1000 + index + 1);
    while (Date.now() < deadline && started_ < options.maxSessions) {
      started_++;
      await lifecycle(stats, options, random);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  stats.durationMs = Math.round(performance.now() - started);
  return stats;
}

export function formatStats(stats: SoakStats): string {
  return (
    `sessions created ${stats.created}, used ${stats.used} (streamed ${stats.streamed}, with an adapter ${stats.adapterCalls}), ` +
    `closed ${stats.closed} (confirmed gone ${stats.confirmedGone}), errors ${stats.errors}, lost ${stats.lost}, 5xx ${stats.fiveXx}; ` +
    `${stats.requests} requests in ${(stats.durationMs / 1000).toFixed(1)} s`
  );
}

export function soakFailed(stats: SoakStats): boolean {
  return stats.fiveXx > 0 || stats.lost > 0 || stats.errors > 0 || stats.created === 0;
}
