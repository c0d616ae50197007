import { mkdtemp, rm } from "node:fs/promises";
import { afterEach } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHandlerOn } from "../../src/handler.ts";
import type { Logger } from "../../src/logging.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import type { StatefulSessionOptions } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import type { Env, HandlerResult, JsonValue, SageMakerConfig, SageMakerHandler, SessionInfo } from "../../src/types.ts";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import { nodePlatform } from "../../runtimes/node/platform.ts";

export const H = "X-Amzn-SageMaker-Session-Id";
export const NEW_H = "X-Amzn-SageMaker-New-Session-Id";
export const CLOSED_H = "X-Amzn-SageMaker-Closed-Session-Id";
export const BOTOCORE_NEW_SESSION = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*;\sExpires=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
export const ENABLED: Env = { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_EXPIRATION: "600" };

export interface Seen {
  body: string;
  header: string | null;
  session: SessionInfo | undefined;
  contentType: string | null;
}

export interface App {
  handler: SageMakerHandler;
  seen: Seen[];
  logs: string[];
  /** The clock the store reads (epoch ms); move it to cross expiry. */
  clock: { t: number };
  root?: string;
  post(body: BodyInit | null, header?: string | null, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export type StoreKind = "memory" | "file";
export const STORE_KINDS: StoreKind[] = ["memory", "file"];

/**
 * The checklist's app: one `/invocations` handler behind `statefulSessionManager` that records what it
 * saw and echoes it. `kind` picks the store: the core's memory store, or the Node platform default
 * (the file store under `SAGEMAKER_SESSIONS_PATH`).
 */
export async function makeApp(options: {
  kind?: StoreKind;
  /** Environment (default ENABLED); a `SAGEMAKER_SESSIONS_PATH` here is used as given and not removed. */
  env?: Env;
  manager?: StatefulSessionOptions;
  config?: Partial<SageMakerConfig>;
} = {}): Promise<App> {
  const kind = options.kind ?? "memory";
  const seen: Seen[] = [];
  const logs: string[] = [];
  const clock = { t: Date.now() };
  const logger: Logger = {
    debug: (m) => logs.push(`DEBUG ${m}`),
    info: (m) => logs.push(`INFO ${m}`),
    warn: (m) => logs.push(`WARN ${m}`),
    error: (m) => logs.push(`ERROR ${m}`),
  };
  let root: string | undefined;
  let owned: string | undefined;
  const env: Env = { ...(options.env ?? ENABLED), SAGEMAKER_CONTAINER_LOG_LEVEL: "DEBUG" };
  const config: SageMakerConfig = {
    invocations: statefulSessionManager(options.manager)(async (request, context): Promise<HandlerResult> => {
      const body = await request.text();
      seen.push({ body, header: request.headers.get(H), session: context.session, contentType: request.headers.get("content-type") });
      return { echo: body, header: request.headers.get(H) };
    }),
    env,
    logger,
    ...options.config,
  };
  let handler: SageMakerHandler;
  if (kind === "memory") {
    config.sessions = { store: createMemorySessionStore({ now: () => clock.t }), ...config.sessions };
    handler = createHandlerOn(config, undefined);
  } else {
    const given = env.SAGEMAKER_SESSIONS_PATH;
    root = given ?? (owned = await mkdtemp(join(tmpdir(), "mhcs-sessions-")));
    env.SAGEMAKER_SESSIONS_PATH = root;
    const platform = nodePlatform();
    // The Node default store, with the test's clock.
    platform.createSessionStore = ({ env: e, logger: l }) => createFileSessionStore({ env: e, logger: l, now: () => clock.t });
    handler = createHandlerOn(config, platform);
  }
  await handler.ready();
  return {
    handler,
    seen,
    logs,
    clock,
    root,
    post(body, header, headers = {}) {
      const all = new Headers(headers);
      if (header !== undefined && header !== null) all.set(H, header);
      return handler.fetch(new Request("http://localhost/invocations", { method: "POST", body, headers: all }));
    },
    async close() {
      await handler.close();
      if (owned) await rm(owned, { recursive: true, force: true });
    },
  };
}

export const NEW_SESSION_BODY = JSON.stringify({ requestType: "NEW_SESSION" });
export const CLOSE_BODY = JSON.stringify({ requestType: "CLOSE" });

/** The id part of `X-Amzn-SageMaker-New-Session-Id` (split at the first `;`, as the reference's clients do). */
export function sessionIdOf(response: Response): string {
  const value = response.headers.get(NEW_H);
  if (!value) throw new Error(`no ${NEW_H} header (status ${response.status})`);
  return value.split(";")[0]!.trim();
}

export async function createSession(app: App): Promise<string> {
  const response = await app.post(NEW_SESSION_BODY);
  if (response.status !== 200) throw new Error(`NEW_SESSION answered ${response.status}: ${await response.text()}`);
  return sessionIdOf(response);
}

export async function detailOf(response: Response): Promise<unknown> {
  return ((await response.json()) as { detail: unknown }).detail;
}

/** `makeApp` for one test file: every app made is closed after each test. */
export function useApps(): (options?: Parameters<typeof makeApp>[0]) => Promise<App> {
  const apps: App[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  return async (options = {}) => {
    const made = await makeApp(options);
    apps.push(made);
    return made;
  };
}

/** One session-data operation for a `dataApp` request; `closeFirst` ends the session in the store while the handler runs. */
export type DataOp = { op: "get" | "put" | "delete"; key: string; value?: JsonValue; closeFirst?: boolean };

export interface DataApp {
  handler: SageMakerHandler;
  /** POSTs `body` as JSON to `/invocations`, in session `id` when given. */
  post(body: unknown, id?: string): Promise<Response>;
  /** Opens a session (NEW_SESSION); resolves to its id, or "" when none came back. */
  open(): Promise<string>;
  /** What the handler logged as errors. */
  errors: string[];
}

/** A handler on `store` whose invocations run one session-data operation (a `DataOp`) per request and answer its result. */
export function dataApp(store: SessionStore, sessions: SageMakerConfig["sessions"] = {}): DataApp {
  const errors: string[] = [];
  const handler = createHandlerOn(
    {
      env: {},
      logger: { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) },
      sessions: { enabled: true, store, ...sessions },
      invocations: statefulSessionManager()(async (request, context) => {
        const { op, key, value, closeFirst } = (await request.json()) as DataOp;
        const session = context.session!;
        if (closeFirst) await store.delete(session.id);
        if (op === "put") return { result: (await session.put(key, value ?? null)) ?? "ok" };
        if (op === "get") return { result: (await session.get(key)) ?? "<undefined>" };
        return { result: await session.delete(key) };
      }),
    },
    undefined,
  );
  const post = (body: unknown, id?: string): Promise<Response> =>
    handler.fetch(new Request("http://localhost/invocations", { method: "POST", headers: id ? { [H]: id } : {}, body: JSON.stringify(body) }));
  const open = async (): Promise<string> => ((await post({ requestType: "NEW_SESSION" })).headers.get(NEW_H) ?? "").split(";")[0]!;
  return { handler, post, open, errors };
}
