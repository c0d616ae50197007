import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import { createSageMakerHandler as createNodeHandler } from "../../runtimes/node/index.ts";
import { SageMakerConfigError } from "../../src/errors.ts";
import { createSageMakerHandler } from "../../src/handler.ts";
import { isValidSessionId } from "../../src/sessions/ids.ts";
import { createTransform } from "../../src/transforms/index.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import { SECRET, buildApp } from "./_support/app.ts";
import type { App } from "./_support/app.ts";
import { adapterName, buildRequest, requestSpec, sessionId } from "./_support/arbitraries.ts";
import { assertNoLeak, assertPrototypesClean, observe, prototypeSnapshot } from "./_support/check-response.ts";
import { extendApp } from "./_support/features.ts";
import { fuzzSeed, runs, scaledTimeout } from "./_support/runs.ts";

const SESSION = "x-amzn-sagemaker-session-id";

/** Every id the store was asked about, so a test can prove client ids are validated before any file-system use. */
function recording(store: SessionStore, seen: string[]): SessionStore {
  return {
    create: (options) => store.create(options),
    lookup: (id, now) => (seen.push(id), store.lookup(id, now)),
    delete: (id) => (seen.push(id), store.delete(id)),
    sweep: (now) => store.sweep(now),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}

describe("security", () => {
  let parent: string;
  let root: string;
  let app: App;
  const idsSeenByStore: string[] = [];

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "mhcs-security-"));
    root = join(parent, "sessions");
    await writeFile(join(parent, "canary"), "untouched");
    await mkdir(join(parent, "victim"));
    await writeFile(join(parent, "victim", ".expiration_ts"), String(Date.now() / 1000 + 3600));
    const store = recording(createFileSessionStore({ path: root, sweepIntervalMs: 0 }), idsSeenByStore);
    app = buildApp({ extend: (probe) => extendApp(probe, store) });
    await app.handler.ready();
  });

  afterAll(async () => {
    await app.handler.close();
    await rm(parent, { recursive: true, force: true });
  });

  it(
    "session ids from clients never reach the file system unless they match SageMaker's pattern; traversal ids are 'not found'",
    async () => {
      const traversal = ["..", "../victim", "../../etc", "%2e%2e%2fvictim", "/etc/passwd", "..\\victim", "victim/../..", ".", "a/../victim"];
      const ids = fc.oneof(sessionId, fc.constantFrom(...traversal));
      await fc.assert(
        fc.asyncProperty(ids, fc.constantFrom("use", "close", "new"), async (id, kind) => {
          const body = kind === "use" ? '{"prompt":"x"}' : kind === "close" ? '{"requestType":"CLOSE"}' : '{"requestType":"NEW_SESSION"}';
          const headers = new Headers({ "x-fuzz-mode": "echo" });
          try {
            headers.set(SESSION, id);
          } catch {
            return;
          }
          const observed = await observe((r) => app.handler.fetch(r), new Request("http://127.0.0.1/invocations", { method: "POST", headers, body }));
          expect(observed.status).toBeLessThan(500);
          const sent = headers.get(SESSION)!;
          if (!isValidSessionId(sent) && sent !== "" && sent !== "NEW_SESSION" && kind !== "new") {
            expect(observed.status, observed.text).toBeGreaterThanOrEqual(400);
          }
          const closed = observed.headers.get("x-amzn-sagemaker-closed-session-id");
          if (closed !== null) expect(isValidSessionId(closed)).toBe(true);
          const created = observed.headers.get("x-amzn-sagemaker-new-session-id");
          if (created !== null) expect(created).toMatch(/^[0-9a-f-]{36}; Expires=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        }),
        { numRuns: runs(800), ...fuzzSeed() },
      );
      expect(idsSeenByStore.length).toBeGreaterThan(0);
      expect(idsSeenByStore.filter((id) => !isValidSessionId(id))).toEqual([]);
      expect(await readFile(join(parent, "canary"), "utf8")).toBe("untouched");
      expect((await readdir(join(parent, "victim"))).length).toBe(1);
      expect((await readdir(parent)).sort()).toEqual(["canary", "sessions", "victim"]);
    },
    scaledTimeout(120_000),
  );

  it(
    "adapter names reach the handler only when they pass the name check (no '/', no control characters, at most 256)",
    async () => {
      const before = app.probe.reached;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(adapterName, fc.boolean(), async (name, viaPath) => {
          const request = viaPath
            ? new Request(`http://127.0.0.1/adapters/${encodeURIComponent(name)}`, { method: "DELETE", headers: { "x-fuzz-mode": "empty" } })
            : new Request("http://127.0.0.1/adapters", { method: "POST", headers: { "x-fuzz-mode": "empty" }, body: JSON.stringify({ name, src: "s3://bucket/a" }) });
          const reached = app.probe.reached;
          const observed = await observe((r) => app.handler.fetch(r), request);
          // oxlint-disable-next-line no-control-regex -- control characters are exactly what the adapter-name rule rejects
          const valid = name.trim() !== "" && !name.includes("/") && !/[\u0000-\u001f\u007f-\u009f]/.test(name) && [...name].length <= 256;
          if (!valid) {
            // `DELETE /adapters/` has no name segment: Starlette's 405 (the route is `/adapters` after its redirect).
            const expected = viaPath && name === "" ? [404, 405] : [400];
            expect(expected, `${JSON.stringify(name)} -> ${observed.status} ${observed.text}`).toContain(observed.status);
            expect(app.probe.reached).toBe(reached);
          } else if (observed.status === 200) {
            accepted++;
            expect(observed.headers.get("content-type")).toMatch(/^text\/plain/);
            expect(observed.headers.get("x-content-type-options")).toBe("nosniff");
          }
        }),
        { numRuns: runs(600), ...fuzzSeed() },
      );
      expect(accepted).toBeGreaterThan(0);
      expect(app.probe.reached).toBeGreaterThan(before);
    },
    scaledTimeout(120_000),
  );

  it("an alias echoed into the registered text is plain text with nosniff, never a header, and control characters are refused", async () => {
    const html = await app.handler.fetch(
      new Request("http://127.0.0.1/adapters", {
        method: "POST",
        headers: { "x-fuzz-mode": "empty", "x-amzn-sagemaker-adapter-alias": "<script>alert(1)</script>" },
        body: '{"name":"a1","src":"s3://b/a1"}',
      }),
    );
    expect(html.status).toBe(200);
    expect(await html.text()).toBe("Adapter <script>alert(1)</script> registered");
    expect(html.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    for (const [, value] of html.headers) expect(value).not.toContain("<script>");
  });

  it(
    "secrets in request headers and bodies stay out of every log line at INFO and above; error bodies carry no exception text",
    async () => {
      const loud = buildApp({ extend: extendApp, logLevel: "INFO" });
      await loud.handler.ready();
      const payloadSecret = "pAyLoAd-7c1d";
      await fc.assert(
        fc.asyncProperty(requestSpec, fc.constantFrom("authorization", "x-amzn-sagemaker-adapter-alias", "x-api-key", "cookie"), async (spec, name) => {
          const withSecret = { ...spec, headers: [...spec.headers, [name, `Bearer ${payloadSecret}`] as [string, string]] };
          const built = buildRequest(withSecret);
          fc.pre(built !== undefined);
          const body = built!.request.method === "GET" || built!.request.method === "HEAD" ? null : `{"prompt":"${payloadSecret}","model":"m"}`;
          const request = new Request(built!.request.url, { method: built!.request.method, headers: built!.request.headers, body });
          const observed = await observe((r) => loud.handler.fetch(r), request);
          assertNoLeak(observed);
        }),
        { numRuns: runs(800), ...fuzzSeed() },
      );
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await loud.handler.fetch(new Request("http://127.0.0.1/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }));
        const id = /^([^;]+);/.exec(created.headers.get("x-amzn-sagemaker-new-session-id") ?? "")![1]!;
        ids.push(id);
        await loud.handler.fetch(new Request("http://127.0.0.1/invocations", { method: "POST", headers: { [SESSION]: id, "x-fuzz-mode": "echo" }, body: "{}" }));
      }
      await loud.handler.fetch(new Request("http://127.0.0.1/invocations", { method: "POST", headers: { [SESSION]: ids[0]! }, body: '{"requestType":"CLOSE"}' }));
      const logged = loud.logger.text("info");
      expect(loud.logger.lines.length).toBeGreaterThan(0);
      expect(logged).not.toContain(payloadSecret);
      // A handler's own exception text is for the operator: it is logged (at ERROR), never sent to the client.
      expect(logged).toContain(SECRET);
      for (const id of ids) expect(logged).not.toContain(id);
      await loud.handler.close();
    },
    scaledTimeout(120_000),
  );

  it("shape targets through __proto__/constructor are refused at config time; shape reads of such keys pollute nothing", async () => {
    for (const target of ["__proto__.polluted", "a.__proto__", "constructor.prototype.polluted", "prototype"]) {
      expect(() => createTransform({ requestShape: { [target]: "body.x" } }), target).toThrow(SageMakerConfigError);
    }
    const prototypes = prototypeSnapshot();
    const seen: unknown[] = [];
    const handler = createSageMakerHandler({
      env: {},
      logger: app.logger,
      invocations: createTransform({
        requestShape: { proto: "body.__proto__", ctor: "body.constructor", nested: "body.a.__proto__.polluted", keys: "keys(body)" },
        responseShape: { echoed: "body.proto" },
      })((request, context) => {
        seen.push(context.transformed);
        return request.json() as Promise<never>;
      }),
    });
    for (const body of ['{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":{"__proto__":{"polluted":"yes"}}}', '{"x":1}', "[]", "not json"]) {
      const observed = await observe((r) => handler.fetch(r), new Request("http://127.0.0.1/invocations", { method: "POST", body }));
      expect(observed.status, observed.text).toBeLessThan(500);
      assertPrototypesClean(prototypes);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a handler spec is operator configuration: a relative path may leave SAGEMAKER_MODEL_PATH (documented), and errors name it", async () => {
    const models = join(parent, "model");
    await mkdir(models, { recursive: true });
    await writeFile(join(parent, "outside.mjs"), "export const ping = () => ({ from: 'outside' });\n");
    const handler = createNodeHandler({
      env: { SAGEMAKER_MODEL_PATH: models, CUSTOM_FASTAPI_PING_HANDLER: "../outside.mjs:ping" },
      logger: app.logger,
    });
    const response = await handler.fetch(new Request("http://127.0.0.1/ping"));
    expect(await response.json()).toEqual({ from: "outside" });
    const missing = createNodeHandler({ env: { SAGEMAKER_MODEL_PATH: models, CUSTOM_FASTAPI_PING_HANDLER: "../../nope/x.mjs:fn" }, logger: app.logger });
    await expect(missing.ready()).rejects.toThrow(/CUSTOM_FASTAPI_PING_HANDLER/);
    expect((await missing.fetch(new Request("http://127.0.0.1/ping"))).status).toBe(503);
  });
});
