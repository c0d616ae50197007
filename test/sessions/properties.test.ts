/**
 * Issue 4 "Done when": no session id, body or header a client can send makes the server answer 500,
 * escape the store's directory, or lose another session. Random requests against examples/full.ts
 * (sessions on, both stores; an injecting variant; sessions off), with a live "victim" session and a
 * planted record beside the store's root that must survive every request.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { config, generate } from "../../examples/full.ts";
import { createSageMakerHandler } from "../../runtimes/node/index.ts";
import { injectAdapterId, statefulSessionManager } from "../../src/index.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/types.ts";
import { H, NEW_H, NEW_SESSION_BODY } from "./_harness.ts";
import { validHeaderValue } from "../support/header-values.ts";

const RUNS = 200;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Session ids a client might send: path tricks, store internals, near-misses of the pattern, junk. */
const TRICKY_IDS = [
    "",
    "NEW_SESSION",
    "new_session",
    "..",
    ".",
    "/",
    "../victim",
    "..%2Fvictim",
    "victim",
    "sessions",
    "/etc/passwd",
    ".staging-x",
    ".trash-x",
    "a, b",
    "a--b",
    "-a",
    "a-",
    "x".repeat(256),
    "x".repeat(257),
  "\u00e9t\u00e9",
];
const sessionHeader = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...TRICKY_IDS),
  fc.uuid(),
  fc.stringMatching(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,20}$/),
  fc.string({ maxLength: 40 }).filter(validHeaderValue),
);

const requestType = fc.oneof(fc.constantFrom("NEW_SESSION", "CLOSE", "new_session", "", "OPEN"), fc.jsonValue({ maxDepth: 1 }));
const sessionLike = fc
  .record(
    { requestType, prompt: fc.string({ maxLength: 10 }), session_id: fc.jsonValue({ maxDepth: 1 }), metadata: fc.jsonValue({ maxDepth: 2 }) },
    { requiredKeys: ["requestType"] },
  )
  .map((value) => JSON.stringify(value));
/** Every tricky id is also tried with each of these, exhaustively, before the random runs. */
const KEY_BODIES = ['{"requestType":"CLOSE"}', '{"requestType":"NEW_SESSION"}', '{"prompt":"p"}', '{"metadata":"x"}', "[1]", "a,b,c"];
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  sessionLike,
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(undefined),
  fc.constantFrom(
    "",
    "42",
    "null",
    "true",
    '"requestType"',
    '["requestType"]',
    '{"requestType":"NEW_SESSION"}',
    '{"requestType":"CLOSE"}',
    '{"\\u0072equestType":"CLOSE"}',
    '{"requestType":"CLOSE","requestType":"NEW_SESSION"}',
    '{"__proto__":{"requestType":"CLOSE"}}',
    '{"metadata":"x","prompt":"p"}',
    "\u00ef\u00bb\u00bf{}",
    "{",
    "a,b,c",
  ),
);
const extraHeaders = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "text/csv", "application/octet-stream", "text/plain", ""),
    "x-amzn-sagemaker-adapter-identifier": fc.constantFrom("", "echo-base", "ghost", "a/b"),
  },
  { requiredKeys: [] },
);

interface Variant {
  name: string;
  store: "file" | "memory";
  enabled: boolean;
  invocations?: SageMakerConfig["invocations"];
}

const VARIANTS: Variant[] = [
  { name: "examples/full.ts, file store", store: "file", enabled: true },
  { name: "examples/full.ts, memory store", store: "memory", enabled: true },
  {
    name: "examples/full.ts engine with id injection at metadata.session_id, file store",
    store: "file",
    enabled: true,
    invocations: statefulSessionManager({ engineRequestSessionIdPath: "metadata.session_id" })(injectAdapterId("model")(generate)),
  },
  { name: "examples/full.ts, sessions off", store: "file", enabled: false },
];

describe.each(VARIANTS)("$name: random session requests", (variant) => {
  test("never a 5xx, nothing outside the root, the other session survives", { timeout: 180_000 }, async () => {
    const parent = await mkdtemp(join(tmpdir(), "mhcs-session-props-"));
    dirs.push(parent);
    const root = join(parent, "sessions");
    // A record shaped exactly like a session, one level above the root: `../victim` must never reach it.
    await mkdir(join(parent, "victim"));
    await writeFile(join(parent, "victim", ".expiration_ts"), "99999999999");
    const handler: SageMakerHandler = createSageMakerHandler({
      ...config,
      ...(variant.invocations ? { invocations: variant.invocations } : {}),
      logger: quiet,
      env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: variant.enabled ? "true" : "false", SAGEMAKER_SESSIONS_PATH: root },
      ...(variant.store === "memory" ? { sessions: { store: createMemorySessionStore() } } : {}),
    });
    const post = (payload: BodyInit | undefined, headers: Record<string, string>) =>
      handler.fetch(new Request("http://127.0.0.1/invocations", { method: "POST", body: payload, headers }));
    try {
      let victim: string | undefined;
      if (variant.enabled) {
        const created = await post(NEW_SESSION_BODY, {});
        expect(created.status).toBe(200);
        victim = created.headers.get(NEW_H)!.split(";")[0]!;
      }
      const check = async (id: string | undefined, payload: string | Uint8Array | undefined, headers: Record<string, string>) => {
        const all: Record<string, string> = { ...headers };
        if (id !== undefined) all[H] = id;
        const response = await post(payload as BodyInit | undefined, all);
        const text = await response.text();
        expect(response.status, `${response.status} ${text}`).toBeLessThan(500);
        // Library errors are {"detail"}; the echo engine's own 404 for an unknown adapter is vLLM's {"error"}.
        if (response.status >= 400) expect(Object.keys(JSON.parse(text) as object)).toEqual([response.status === 404 ? "error" : "detail"]);
        if (victim !== undefined) {
          const still = await post(JSON.stringify({ prompt: "still there?" }), { [H]: victim });
          expect(still.status, await still.clone().text()).toBe(200);
          expect(await still.json()).toMatchObject({ session_id: victim });
        }
        expect((await readdir(parent)).sort()).toEqual(variant.store === "file" && variant.enabled ? ["sessions", "victim"] : ["victim"]);
        expect(await readFile(join(parent, "victim", ".expiration_ts"), "utf8")).toBe("99999999999");
      };
      for (const id of TRICKY_IDS) for (const payload of KEY_BODIES) await check(id, payload, {});
      await fc.assert(fc.asyncProperty(sessionHeader, body, extraHeaders, check), { numRuns: RUNS });
      if (variant.store === "file" && variant.enabled) {
        // Only store-made entries in the root: session ids (UUID v4), or staging/trash in flight.
        for (const entry of await readdir(root)) expect(entry).toMatch(entry.startsWith(".") ? /^\.(staging|trash)-/ : UUID_V4);
      }
    } finally {
      await handler.close();
    }
  });
});
