// Multi-model endpoints (config.models): SageMaker's model API, its status codes and its races, in
// process and over a Node socket. The same rules over every runtime are in test/runtimes/conformance.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HttpError, createSageMakerHandler, splitRecords, statefulSessionManager } from "../../runtimes/node/index.ts";
import type { Handler, ModelHost, SageMakerConfig } from "../../runtimes/node/index.ts";
import { describeMatrix, makeModelDir, memoryLogger, nativeImport, silentLogger } from "../support/harness.ts";

const env = { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" };
const post = (body: unknown): RequestInit => ({ method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A host that records what it is asked to do; `gates[name]` holds a load until released. */
function recordingHost(options: Partial<ModelHost> = {}) {
  const events: string[] = [];
  const gates = new Map<string, Promise<void>>();
  const host: ModelHost<{ name: string }> = {
    async load(name, url) {
      events.push(`load ${name}`);
      await gates.get(name);
      if (url === "fail") throw new Error("secret engine failure");
      if (url === "full") throw new HttpError(507, "engine out of memory");
      events.push(`loaded ${name}`);
      return { name };
    },
    unload(name, model) {
      events.push(`unload ${name} ${model.name}`);
    },
    ...options,
  } as ModelHost<{ name: string }>;
  return { host, events, gates };
}

const echoModel: Handler = async (request, context) => ({
  model: context.model?.name,
  url: context.model?.url,
  handle: context.model?.handle as never,
  target: context.model?.targetModel ?? null,
  params: context.params,
  path: new URL(request.url).pathname,
  body: await request.text(),
});

const PKG = '"model-hosting-container-standards"';
let scripts: { path: string; cleanup(): Promise<void> };
beforeAll(async () => {
  scripts = await makeModelDir({
    "scripted/model.mjs": `import { customInvocationHandler, inputFormatter, outputFormatter } from ${PKG};
customInvocationHandler(async (request, context) => ({ source: "model script", model: context.model.name, pre: request.headers.get("x-pre") }));
inputFormatter((request) => { const headers = new Headers(request.headers); headers.set("x-pre", "model"); return new Request(request, { headers }); });
outputFormatter((response) => { const out = new Response(response.body, response); out.headers.set("x-post", "model"); return out; });
`,
    "export-only/model.mjs": `export function custom_sagemaker_invocation_handler() { return { source: "model export" }; }\n`,
    "broken/model.mjs": `throw new Error("model script exploded");\n`,
    "container/model.mjs": `import { outputFormatter } from ${PKG};
export function custom_sagemaker_invocation_handler() { return { source: "container export" }; }
outputFormatter((response) => { const out = new Response(response.body, response); out.headers.set("x-post", "container"); return out; });
`,
  });
});
afterAll(async () => {
  await scripts.cleanup();
});

describeMatrix("multi-model endpoints", (t) => {
  const start = (config: SageMakerConfig) => t.start({ env, invocations: echoModel, logger: silentLogger, ...config });

  it("POST /models loads, GET lists and describes, invoke serves with context.model, DELETE unloads", async () => {
    const { host, events } = recordingHost();
    const c = await start({ models: host });
    const loaded = await c.fetch("/models", post({ model_name: "m1", url: "/opt/ml/models/m1/model" }));
    expect([loaded.status, await loaded.json()]).toEqual([200, { modelName: "m1", modelUrl: "/opt/ml/models/m1/model" }]);
    expect(await (await c.fetch("/models")).json()).toEqual({ models: [{ modelName: "m1", modelUrl: "/opt/ml/models/m1/model" }] });
    expect(await (await c.fetch("/models/m1")).json()).toEqual({ modelName: "m1", modelUrl: "/opt/ml/models/m1/model" });
    const invoked = await c.fetch("/models/m1/invoke", { method: "POST", body: "hi", headers: { "X-Amzn-SageMaker-Target-Model": "m1.tar.gz" } });
    expect(invoked.status).toBe(200);
    expect(await invoked.json()).toEqual({
      model: "m1",
      url: "/opt/ml/models/m1/model",
      handle: { name: "m1" },
      target: "m1.tar.gz",
      params: { model_name: "m1" },
      path: "/models/m1/invoke",
      body: "hi",
    });
    const deleted = await c.fetch("/models/m1", { method: "DELETE" });
    expect([deleted.status, await deleted.json()]).toEqual([200, { modelName: "m1", modelUrl: "/opt/ml/models/m1/model" }]);
    expect(events).toEqual(["load m1", "loaded m1", "unload m1 m1"]);
    for (const [path, init] of [["/models/m1", {}], ["/models/m1/invoke", { method: "POST" }], ["/models/m1", { method: "DELETE" }]] as const) {
      const answer = await c.fetch(path, init);
      expect([answer.status, await answer.json()]).toEqual([404, { detail: "Model m1 is not loaded" }]);
    }
    expect(await (await c.fetch("/models")).json()).toEqual({ models: [] });
  });

  it("409 for a name loaded, loading or unloading; one load however many arrive", async () => {
    const { host, events, gates } = recordingHost();
    const gate = deferred();
    gates.set("m", gate.promise);
    const c = await start({ models: host });
    const posts = Array.from({ length: 6 }, () => c.fetch("/models", post({ model_name: "m", url: "u" })));
    await sleep(100);
    gate.resolve();
    const answers = await Promise.all(posts.map(async (p) => [(await p).status, await (await p).json()] as const));
    expect(answers.filter(([status]) => status === 200)).toHaveLength(1);
    expect(answers.filter(([status]) => status === 409)).toEqual(Array.from({ length: 5 }, () => [409, { detail: "Model m is already loaded" }]));
    expect(events.filter((e) => e === "load m")).toHaveLength(1);
    const again = await c.fetch("/models", post({ model_name: "m", url: "u" }));
    expect([again.status, await again.json()]).toEqual([409, { detail: "Model m is already loaded" }]);
  });

  it("507 when loaded + loading models reach maxLoaded; an HttpError(507) from load keeps its detail", async () => {
    const { host } = recordingHost({ maxLoaded: 2 });
    const c = await start({ models: host });
    expect((await c.fetch("/models", post({ model_name: "a", url: "u" }))).status).toBe(200);
    expect((await c.fetch("/models", post({ model_name: "b", url: "u" }))).status).toBe(200);
    const full = await c.fetch("/models", post({ model_name: "c", url: "u" }));
    expect([full.status, await full.json()]).toEqual([507, { detail: "Cannot load model c: 2 models are loaded" }]);
    expect((await c.fetch("/models/a", { method: "DELETE" })).status).toBe(200);
    const engineFull = await c.fetch("/models", post({ model_name: "c", url: "full" }));
    expect([engineFull.status, await engineFull.json()]).toEqual([507, { detail: "engine out of memory" }]);
    expect((await c.fetch("/models", post({ model_name: "c", url: "u" }))).status).toBe(200);
  });

  it("a load that throws is 500 without its message, logged, not listed, and the name is free again", async () => {
    const { host } = recordingHost();
    const logger = memoryLogger();
    const c = await start({ models: host, logger });
    const failed = await c.fetch("/models", post({ model_name: "x", url: "fail" }));
    expect([failed.status, await failed.json()]).toEqual([500, { detail: "Failed to load model x" }]);
    expect(logger.lines.some((line) => line.includes("secret engine failure"))).toBe(true);
    expect(await (await c.fetch("/models")).json()).toEqual({ models: [] });
    expect((await c.fetch("/models/x")).status).toBe(404);
    expect((await c.fetch("/models", post({ model_name: "x", url: "ok" }))).status).toBe(200);
    expect((await c.fetch("/ping")).status).toBe(200);
  });

  it("a bad POST body is 400 naming the field", async () => {
    const { host, events } = recordingHost();
    const c = await start({ models: host });
    const cases: Array<[unknown, RegExp]> = [
      ["{nope", /JSON decode error/],
      [[1, 2], /JSON object/],
      [{ url: "u" }, /^Invalid model_name/],
      [{ model_name: "", url: "u" }, /^Invalid model_name/],
      [{ model_name: 3, url: "u" }, /^Invalid model_name/],
      [{ model_name: "m" }, /^Invalid url/],
      [{ model_name: "m", url: "" }, /^Invalid url/],
      [{ model_name: "a/b", url: "u" }, /^Invalid model_name.*'\/'/],
      [{ model_name: "..", url: "u" }, /^Invalid model_name/],
      [{ model_name: "a\u0007b", url: "u" }, /^Invalid model_name.*control/],
      [{ model_name: "x".repeat(257), url: "u" }, /^Invalid model_name.*256/],
    ];
    for (const [body, detail] of cases) {
      const answer = await c.fetch("/models", post(body as never));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect((await answer.json()).detail).toMatch(detail);
    }
    expect((await c.fetch("/models", post({ model_name: "x".repeat(256), url: "u" }))).status).toBe(200);
    expect(events).toEqual(["load " + "x".repeat(256), "loaded " + "x".repeat(256)]);
  });

  it("path names are percent-decoded once; a malformed escape or a bad name is 400", async () => {
    const { host } = recordingHost();
    const c = await start({ models: host });
    expect((await c.fetch("/models", post({ model_name: "a b%", url: "u" }))).status).toBe(200);
    expect(await (await c.fetch("/models/a%20b%25")).json()).toEqual({ modelName: "a b%", modelUrl: "u" });
    expect((await c.fetch("/models/a%20b%25/invoke", { method: "POST" })).status).toBe(200);
    expect((await c.fetch("/models/%zz")).status).toBe(400);
    expect((await c.fetch("/models/a%2Fb")).status).toBe(400);
    expect((await c.fetch("/models/a%2Fb/invoke", { method: "POST" })).status).toBe(400);
    // (`/models/%2E%2E` never arrives: URL parsing folds it to `/`, as for any dot segment.)
    expect((await c.fetch("/models/a%00b", { method: "DELETE" })).status).toBe(400);
    expect((await c.fetch(`/models/${"x".repeat(257)}`)).status).toBe(400);
  });

  it("405 with Allow on the model paths; /models/ and deeper paths go to the fallback", async () => {
    const { host } = recordingHost();
    const c = await start({ models: host, fallback: (request) => new Response(`engine ${new URL(request.url).pathname}`, { status: 299 }) });
    for (const [method, path, allow] of [
      ["PUT", "/models", "GET, POST"],
      ["DELETE", "/models", "GET, POST"],
      ["POST", "/models/m", "DELETE, GET"],
      ["GET", "/models/m/invoke", "POST"],
    ] as const) {
      const answer = await c.fetch(path, { method });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get("allow")).toBe(allow);
      expect(await answer.json()).toEqual({ detail: "Method Not Allowed" });
    }
    for (const path of ["/models/", "/models/m/other", "/models/m/invoke/x", "/modelsx", "/models//invoke"]) {
      const answer = await c.fetch(path, { method: "POST" });
      expect([answer.status, await answer.text()], path).toEqual([299, `engine ${path}`]);
    }
  });

  it("without config.models the paths go to the fallback", async () => {
    const c = await t.start({ env, invocations: echoModel });
    expect((await c.fetch("/models")).status).toBe(404);
    expect((await c.fetch("/execution-parameters")).status).toBe(404);
  });

  it("GET /models pages with next_page_token in load-completion order; tokens survive unloads; foreign tokens are 400", async () => {
    const { host, gates } = recordingHost({ pageSize: 2 });
    const slow = deferred();
    gates.set("a", slow.promise);
    const c = await start({ models: host });
    const loadA = c.fetch("/models", post({ model_name: "a", url: "ua" }));
    await sleep(20);
    for (const name of ["b", "c", "d", "e"]) expect((await c.fetch("/models", post({ model_name: name, url: `u${name}` }))).status).toBe(200);
    slow.resolve();
    expect((await loadA).status).toBe(200);
    const first = await (await c.fetch("/models")).json();
    expect(first.models.map((m: { modelName: string }) => m.modelName)).toEqual(["b", "c"]);
    expect(typeof first.nextPageToken).toBe("string");
    // The last model of the page goes away; the token still resumes after it.
    expect((await c.fetch("/models/c", { method: "DELETE" })).status).toBe(200);
    const second = await (await c.fetch(`/models?next_page_token=${encodeURIComponent(first.nextPageToken)}`)).json();
    expect(second.models.map((m: { modelName: string }) => m.modelName)).toEqual(["d", "e"]);
    const third = await (await c.fetch(`/models?next_page_token=${encodeURIComponent(second.nextPageToken)}`)).json();
    expect(third).toEqual({ models: [{ modelName: "a", modelUrl: "ua" }] });
    for (const token of ["", "bogus", "mp1.999", "mp1.1"]) {
      const answer = await c.fetch(`/models?next_page_token=${encodeURIComponent(token)}`);
      expect(answer.status, token).toBe(400);
      expect((await answer.json()).detail).toMatch(/next_page_token/);
    }
  });

  it("DELETE during an invocation: new invocations are 404 at once, the running one finishes, then unload", async () => {
    const { host, events } = recordingHost();
    const started = deferred();
    const finish = deferred();
    const c = await start({
      models: host,
      invocations: async (_request, context) => {
        started.resolve();
        await finish.promise;
        events.push(`answered ${context.model?.name}`);
        return "done";
      },
    });
    await c.fetch("/models", post({ model_name: "m", url: "u" }));
    const running = c.fetch("/models/m/invoke", { method: "POST" });
    await started.promise;
    let deleteDone = false;
    const deleting = c.fetch("/models/m", { method: "DELETE" }).then((r) => ((deleteDone = true), r));
    await sleep(50);
    expect((await c.fetch("/models/m/invoke", { method: "POST" })).status).toBe(404);
    expect((await c.fetch("/models/m")).status).toBe(404);
    expect(await (await c.fetch("/models")).json()).toEqual({ models: [] });
    expect((await c.fetch("/models", post({ model_name: "m", url: "u" }))).status).toBe(409);
    expect(deleteDone).toBe(false);
    finish.resolve();
    expect(await (await running).text()).toBe("done");
    expect((await deleting).status).toBe(200);
    expect(events).toEqual(["load m", "loaded m", "answered m", "unload m m"]);
    expect((await c.fetch("/models", post({ model_name: "m", url: "u" }))).status).toBe(200);
  });

  it("DELETE waits for a streaming response to end or be cancelled", async () => {
    const { host, events } = recordingHost();
    let push!: (text: string | null) => void;
    const c = await start({
      models: host,
      invocations: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("one "));
              push = (text) => (text === null ? controller.close() : controller.enqueue(new TextEncoder().encode(text)));
            },
          }),
        ),
    });
    await c.fetch("/models", post({ model_name: "s", url: "u" }));
    const response = await c.fetch("/models/s/invoke", { method: "POST" });
    const reader = response.body!.getReader();
    await reader.read();
    let deleteDone = false;
    const deleting = c.fetch("/models/s", { method: "DELETE" }).then((r) => ((deleteDone = true), r));
    await sleep(100);
    expect(deleteDone).toBe(false);
    push("two");
    push(null);
    while (!(await reader.read()).done);
    expect((await deleting).status).toBe(200);
    expect(events.at(-1)).toBe("unload s s");
  });

  it("a client that hangs up mid-stream releases the model: the DELETE then completes", async () => {
    const { host, events } = recordingHost();
    let cancelled = false;
    const c = await start({
      models: host,
      invocations: () => {
        let timer: ReturnType<typeof setInterval> | undefined;
        return new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("tick\n"));
              timer = setInterval(() => controller.enqueue(new TextEncoder().encode("tick\n")), 20);
            },
            cancel() {
              clearInterval(timer);
              cancelled = true;
            },
          }),
        );
      },
    });
    await c.fetch("/models", post({ model_name: "gone", url: "u" }));
    const client = new AbortController();
    const response = await c.fetch("/models/gone/invoke", { method: "POST", signal: client.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const deleting = c.fetch("/models/gone", { method: "DELETE" });
    await sleep(50);
    client.abort();
    await reader.cancel().catch(() => undefined);
    expect((await deleting).status).toBe(200);
    expect(cancelled).toBe(true);
    expect(events.at(-1)).toBe("unload gone gone");
  });

  it("DELETE during a load waits for it (the POST still answers 200), then unloads; a failed load makes it 404", async () => {
    const { host, events, gates } = recordingHost();
    const c = await start({ models: host });
    const gate = deferred();
    gates.set("m", gate.promise);
    const loading = c.fetch("/models", post({ model_name: "m", url: "u" }));
    await sleep(30);
    const deleting = c.fetch("/models/m", { method: "DELETE" });
    await sleep(30);
    expect((await c.fetch("/models/m/invoke", { method: "POST" })).status).toBe(404);
    gate.resolve();
    expect((await loading).status).toBe(200);
    expect([(await deleting).status, await (await deleting).json()]).toEqual([200, { modelName: "m", modelUrl: "u" }]);
    expect(events).toEqual(["load m", "loaded m", "unload m m"]);
    expect((await c.fetch("/models/m")).status).toBe(404);

    const failGate = deferred();
    gates.set("f", failGate.promise);
    const failing = c.fetch("/models", post({ model_name: "f", url: "fail" }));
    await sleep(30);
    const deleteFailing = c.fetch("/models/f", { method: "DELETE" });
    await sleep(30);
    failGate.resolve();
    expect((await failing).status).toBe(500);
    expect([(await deleteFailing).status, await (await deleteFailing).json()]).toEqual([404, { detail: "Model f is not loaded" }]);
  });

  it("unload throwing is answered like a failed load, and the model is gone either way", async () => {
    const { host } = recordingHost({
      unload(name: string) {
        if (name === "h") throw new HttpError(503, "engine busy");
        throw new Error("secret unload failure");
      },
    });
    const c = await start({ models: host });
    await c.fetch("/models", post({ model_name: "h", url: "u" }));
    await c.fetch("/models", post({ model_name: "e", url: "u" }));
    const busy = await c.fetch("/models/h", { method: "DELETE" });
    expect([busy.status, await busy.json()]).toEqual([503, { detail: "engine busy" }]);
    const broken = await c.fetch("/models/e", { method: "DELETE" });
    expect([broken.status, await broken.json()]).toEqual([500, { detail: "Failed to unload model e" }]);
    expect(await (await c.fetch("/models")).json()).toEqual({ models: [] });
    expect((await c.fetch("/models", post({ model_name: "h", url: "u" }))).status).toBe(200);
  });

  it("/ping is an empty 200 with no model loaded when no level provides one; a given ping still wins", async () => {
    const { host } = recordingHost();
    const c = await t.start({ env, models: host });
    for (const method of ["GET", "HEAD", "POST"]) {
      const answer = await c.fetch("/ping", { method });
      expect([answer.status, await answer.text()]).toEqual([200, ""]);
    }
    const own = await t.start({ env, models: host, ping: () => ({ status: "healthy" }) });
    expect(await (await own.fetch("/ping")).json()).toEqual({ status: "healthy" });
  });

  it("an invocation runs the whole /invocations chain: wrappers, middleware and sessions", async () => {
    const { host } = recordingHost();
    const c = await start({
      models: host,
      sessions: { enabled: true },
      middlewares: [
        async (request, next) => {
          const response = await next(request);
          const out = new Response(response.body, response);
          out.headers.set("x-mw", new URL(request.url).pathname);
          return out;
        },
      ],
      invocations: statefulSessionManager()(async (request, context) => ({ model: context.model?.name, session: Boolean(context.session), body: await request.text() })),
    });
    await c.fetch("/models", post({ model_name: "m", url: "u" }));
    const created = await c.fetch("/models/m/invoke", post({ requestType: "NEW_SESSION" }));
    expect(created.status).toBe(200);
    expect(created.headers.get("x-mw")).toBe("/models/m/invoke");
    const id = created.headers.get("x-amzn-sagemaker-new-session-id")!.split(";")[0]!;
    const used = await c.fetch("/models/m/invoke", { method: "POST", body: "x", headers: { "x-amzn-sagemaker-session-id": id } });
    expect(await used.json()).toEqual({ model: "m", session: true, body: "x" });
  });

  it("splitRecords around a model's invocations", async () => {
    const { host } = recordingHost();
    const c = await start({ models: host, invocations: splitRecords()(async (request, context) => ({ model: context.model?.name, record: await request.text() })) });
    await c.fetch("/models", post({ model_name: "m", url: "u" }));
    const answer = await c.fetch("/models/m/invoke", { method: "POST", body: "a\nb\n", headers: { "content-type": "application/jsonlines" } });
    expect(await answer.text()).toBe('{"model":"m","record":"a"}\n{"model":"m","record":"b"}\n');
  });

  it("a model's own script: its handler and formatters apply to it alone; level 1 still wins", async () => {
    const { host, events } = recordingHost();
    const container = join(scripts.path, "container");
    const c = await t.start({ env: { SAGEMAKER_MODEL_PATH: container }, invocations: echoModel, models: host, importModule: nativeImport });
    await c.fetch("/models", post({ model_name: "s", url: join(scripts.path, "scripted") }));
    await c.fetch("/models", post({ model_name: "x", url: join(scripts.path, "export-only") }));
    await c.fetch("/models", post({ model_name: "p", url: "/nonexistent" }));
    const scripted = await c.fetch("/models/s/invoke", { method: "POST" });
    expect(await scripted.json()).toEqual({ source: "model script", model: "s", pre: "model" });
    expect(scripted.headers.get("x-post")).toBe("model");
    const exported = await c.fetch("/models/x/invoke", { method: "POST" });
    expect(await exported.json()).toEqual({ source: "model export" });
    expect(exported.headers.get("x-post")).toBe("container");
    const plain = await c.fetch("/models/p/invoke", { method: "POST" });
    expect(await plain.json()).toEqual({ source: "container export" });
    const invocations = await c.fetch("/invocations", { method: "POST" });
    expect([await invocations.json(), invocations.headers.get("x-post")]).toEqual([{ source: "container export" }, "container"]);

    const broken = await c.fetch("/models", post({ model_name: "b", url: join(scripts.path, "broken") }));
    expect(broken.status).toBe(500);
    expect((await broken.json()).detail).toBe(`Failed to load model b: ${join(scripts.path, "broken", "model.mjs")}: Error: model script exploded`);
    expect(events).not.toContain("load b");
    expect((await c.fetch("/models/b")).status).toBe(404);

    const levelOne = await t.start({
      env: { SAGEMAKER_MODEL_PATH: container, CUSTOM_FASTAPI_INVOCATION_HANDLER: "/v1/engine" },
      fallback: (request) => new Response(`engine ${new URL(request.url).pathname}`),
      models: recordingHost().host,
      importModule: nativeImport,
    });
    await levelOne.fetch("/models", post({ model_name: "s", url: join(scripts.path, "scripted") }));
    const routed = await levelOne.fetch("/models/s/invoke", { method: "POST" });
    expect(await routed.text()).toBe("engine /v1/engine");
  });

  it("a model's own formatters keep applying as other models come and go, and again after its own reload", async () => {
    const { host } = recordingHost();
    const c = await t.start({ env: { SAGEMAKER_MODEL_PATH: join(scripts.path, "container") }, invocations: echoModel, models: host, importModule: nativeImport });
    const formatted = async (name: string) => (await c.fetch(`/models/${name}/invoke`, { method: "POST" })).headers.get("x-post");
    expect((await c.fetch("/models", post({ model_name: "s", url: join(scripts.path, "scripted") }))).status).toBe(200);
    expect((await c.fetch("/models", post({ model_name: "p", url: "/nonexistent" }))).status).toBe(200);
    expect((await c.fetch("/models", post({ model_name: "s2", url: join(scripts.path, "scripted") }))).status).toBe(200);
    // Unloading a model without formatters, then one with them, leaves the other's in place.
    expect((await c.fetch("/models/p", { method: "DELETE" })).status).toBe(200);
    expect(await formatted("s")).toBe("model");
    expect((await c.fetch("/models/s2", { method: "DELETE" })).status).toBe(200);
    expect(await formatted("s")).toBe("model");
    expect((await c.fetch("/models/s", { method: "DELETE" })).status).toBe(200);
    expect((await c.fetch("/models", post({ model_name: "s", url: join(scripts.path, "scripted") }))).status).toBe(200);
    expect(await formatted("s")).toBe("model");
    expect((await c.fetch("/invocations", { method: "POST" })).headers.get("x-post")).toBe("container");
  });

  it("handler.close() unloads every model, a load in progress included", async () => {
    const { host, events, gates } = recordingHost();
    const gate = deferred();
    gates.set("late", gate.promise);
    const handler = createSageMakerHandler({ env, models: host, invocations: echoModel });
    await handler.ready();
    await handler.fetch(new Request("http://x/models", post({ model_name: "a", url: "u" })));
    await handler.fetch(new Request("http://x/models", post({ model_name: "b", url: "u" })));
    const late = handler.fetch(new Request("http://x/models", post({ model_name: "late", url: "u" })));
    await sleep(20);
    const closing = handler.close();
    gate.resolve();
    await closing;
    await late;
    expect(events.filter((e) => e.startsWith("unload")).sort()).toEqual(["unload a a", "unload b b", "unload late late"]);
  });
});

describeMatrix("multi-model startup checks", (t) => {
  it("SAGEMAKER_MULTI_MODEL=true without config.models is a startup error naming the variable", async () => {
    await expect(t.start({ env: { SAGEMAKER_MULTI_MODEL: "TRUE" } })).rejects.toThrow(/SAGEMAKER_MULTI_MODEL.*config\.models/);
    await expect(t.start({ env: { SAGEMAKER_MULTI_MODEL: "yes" }, models: recordingHost().host })).rejects.toThrow(/SAGEMAKER_MULTI_MODEL must be/);
    for (const value of ["", "false", "0", "1", "true"]) {
      await expect(t.start({ env: { SAGEMAKER_MULTI_MODEL: value }, models: recordingHost().host })).resolves.toBeDefined();
    }
    await expect(t.start({ env: { SAGEMAKER_MULTI_MODEL: "0" } })).resolves.toBeDefined();
  });

  it("config.models is validated, naming the key", async () => {
    await expect(t.start({ env, models: {} as never })).rejects.toThrow(/config\.models/);
    await expect(t.start({ env, models: { load: () => 1, maxLoaded: 0 } })).rejects.toThrow(/config\.models.*maxLoaded/);
    await expect(t.start({ env, models: { load: () => 1, pageSize: 1.5 } })).rejects.toThrow(/config\.models.*pageSize/);
    await expect(t.start({ env, models: { load: () => 1, unload: 3 as never } })).rejects.toThrow(/config\.models.*unload/);
  });
});
