import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, handlerDelayMs } from "./_support/app.ts";
import type { App } from "./_support/app.ts";
import { buildRequest, deepJson, requestSpec, sessionId } from "./_support/arbitraries.ts";
import { extendApp, knownSessionIds } from "./_support/features.ts";
import { assertNoLeak, assertPrototypesClean, detailOf, observe, prototypeSnapshot } from "./_support/check-response.ts";
import { fuzzSeed, runs, scaledTimeout } from "./_support/runs.ts";

/** Generous: the machine is shared, and this bounds library overhead, not speed. */
const OVERHEAD_BOUND_MS = 5_000;

describe("the whole handler under random requests", () => {
  let app: App;
  let prototypes: string;
  const stats = { cases: 0, statuses: new Map<number, number>() };

  beforeAll(async () => {
    prototypes = prototypeSnapshot();
    app = buildApp({ extend: extendApp });
    await app.handler.ready();
    for (let i = 0; i < 8; i++) {
      const created = await app.handler.fetch(
        new Request("http://127.0.0.1/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }),
      );
      const id = /^([^;]+);/.exec(created.headers.get("x-amzn-sagemaker-new-session-id") ?? "")?.[1];
      if (!id) throw new Error(`NEW_SESSION failed: ${created.status} ${await created.text()}`);
      knownSessionIds.push(id);
    }
  });

  afterAll(async () => {
    await app.handler.close();
    const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" ");
    console.log(`[reliability] properties: ${stats.cases} requests; statuses ${statuses}`);
  });

  it(
    "never rejects, never 500s unless a handler threw, answers every 4xx with {detail}, leaks nothing, stays within its handler's time, and leaves prototypes clean",
    async () => {
      await fc.assert(
        fc.asyncProperty(requestSpec, async (spec) => {
          const built = buildRequest(spec);
          fc.pre(built !== undefined);
          const { request } = built!;
          const threwBefore = app.probe.threw;
          const observed = await observe((r) => app.handler.fetch(r), request);
          stats.cases++;
          stats.statuses.set(observed.status, (stats.statuses.get(observed.status) ?? 0) + 1);

          expect(observed.status).toBeGreaterThanOrEqual(200);
          expect(observed.status).toBeLessThan(600);
          const handlerThrew = app.probe.threw > threwBefore;
          if (observed.status === 500) expect(handlerThrew, `500 without a handler throwing: ${observed.text}`).toBe(true);
          expect(observed.status === 502 || observed.status === 504 || observed.status === 501).toBe(false);
          if (observed.status >= 400 && !(request.method === "HEAD" && observed.text === "")) {
            const detail = detailOf(observed);
            expect(typeof detail === "string" || typeof detail === "object").toBe(true);
          }
          assertNoLeak(observed);
          const delay = handlerDelayMs(request.headers.get("x-fuzz-mode"));
          expect(observed.elapsedMs).toBeLessThan(delay + OVERHEAD_BOUND_MS);
          expect(app.probe.maxBodyBytesRead).toBeLessThanOrEqual(app.maxRequestBytes);
          assertPrototypesClean(prototypes);
          expect(observed.headers.get("content-type") ?? "").not.toMatch(/html/i);
        }),
        { numRuns: runs(2500), ...fuzzSeed() },
      );
    },
    scaledTimeout(120_000),
  );

  it(
    "deeply nested JSON through every wrapper that parses it (adapter id, session id injection, adapter transforms) is a 4xx or passes, never a 500",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 30_000 }),
          fc.constantFrom("array" as const, "object" as const, "unclosed" as const),
          fc.constantFrom("adapter", "session", "both", "none"),
          fc.constantFrom("/invocations", "/adapters", "/adapters/a1"),
          sessionId,
          async (depth, kind, headerSet, path, id) => {
            const headers = new Headers({ "x-fuzz-mode": "echo" });
            if (headerSet === "adapter" || headerSet === "both") headers.set("x-amzn-sagemaker-adapter-identifier", "a1");
            if (headerSet === "session" || headerSet === "both") {
              try {
                headers.set("x-amzn-sagemaker-session-id", id);
              } catch {
                // a value Headers refuses never leaves a client
              }
            }
            const method = path === "/adapters/a1" ? "DELETE" : "POST";
            const body = `{"model":"m","name":"a1","src":"s","x":${deepJson(depth, kind)}}`;
            const threwBefore = app.probe.threw;
            const observed = await observe((r) => app.handler.fetch(r), new Request(`http://127.0.0.1${path}`, { method, headers, body }));
            stats.cases++;
            if (observed.status >= 500) expect(app.probe.threw > threwBefore, `${observed.status} ${observed.text}`).toBe(true);
            if (observed.status >= 400) detailOf(observed);
            assertPrototypesClean(prototypes);
          },
        ),
        { numRuns: runs(300), ...fuzzSeed() },
      );
    },
    scaledTimeout(120_000),
  );
});
