// Customer code injection over HTTP: real scripts in temporary model directories, configured with the
// environment variables a SageMaker customer sets. Checklist items are ref-core section 8.
import { expect, it } from "vitest";
import type { SageMakerConfig } from "../../runtimes/node/index.ts";
import { describeMatrix, nativeImport, useModelDirs } from "../support/harness.ts";

const modelDir = useModelDirs();
const PKG = "model-hosting-container-standards";

const frameworkDefaults: SageMakerConfig = {
  ping: () => ({ status: "healthy", source: "vllm_default", message: "Default ping from vLLM server" }),
  invocations: () => ({ predictions: ["Default vLLM response"], source: "vllm_default" }),
};

const invoke = { method: "POST", body: JSON.stringify({ prompt: "Hello world" }), headers: { "content-type": "application/json" } };

describeMatrix("customer script", (t) => {
  const start = async (files: Record<string, string>, env: Record<string, string> = {}, config: SageMakerConfig = frameworkDefaults) => {
    const dir = await modelDir(files);
    return t.start({ ...config, env: { SAGEMAKER_MODEL_PATH: dir, ...env } });
  };
  const json = async (response: Promise<Response>) => (await response).json();

  it("items 1 and 4: custom_sagemaker_* exports of model.mjs replace the framework defaults", async () => {
    const c = await start({
      "model.mjs": `
        export function custom_sagemaker_ping_handler() {
          return { status: "healthy", source: "customer_override", message: "Custom ping from customer script" };
        }
        export async function custom_sagemaker_invocation_handler(request) {
          await request.json();
          return { predictions: ["Custom response from customer script"], source: "customer_override" };
        }`,
    });
    expect(await json(c.fetch("/ping"))).toEqual({ status: "healthy", source: "customer_override", message: "Custom ping from customer script" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ predictions: ["Custom response from customer script"], source: "customer_override" });
  });

  it("item 2: a customInvocationHandler and a script ping function each win their route", async () => {
    const c = await start({
      "model.mjs": `
        import { customInvocationHandler } from "${PKG}";
        export const invokeIt = customInvocationHandler(async () => ({ predictions: ["Custom response"], source: "customer_decorator" }));
        export const custom_sagemaker_ping_handler = () => ({ source: "customer_function", priority: "script_function" });`,
    });
    expect(await json(c.fetch("/ping"))).toEqual({ source: "customer_function", priority: "script_function" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ predictions: ["Custom response"], source: "customer_decorator" });
  });

  const scriptAndEnvFunctions = `
    export const custom_sagemaker_ping_handler = () => ({ source: "script_ping", type: "script_function" });
    export const custom_sagemaker_invocation_handler = () => ({ source: "script_invoke", type: "script_function" });
    export const env_ping = () => ({ source: "env_ping", type: "env_function" });
    export const env_invoke = () => ({ source: "env_invoke", type: "env_function" });`;

  it("item 3: without handler variables the discovery-named functions serve, other functions are ignored", async () => {
    const c = await start({ "model.mjs": scriptAndEnvFunctions });
    expect(await json(c.fetch("/ping"))).toEqual({ source: "script_ping", type: "script_function" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ source: "script_invoke", type: "script_function" });
  });

  it("item 13: CUSTOM_FASTAPI_*_HANDLER (model:fn) beats markers and script functions", async () => {
    const c = await start(
      {
        "model.mjs": `
          import { customPingHandler } from "${PKG}";
          customPingHandler(() => ({ source: "decorator" }));
          ${scriptAndEnvFunctions}`,
      },
      { CUSTOM_FASTAPI_PING_HANDLER: "model:env_ping", CUSTOM_FASTAPI_INVOCATION_HANDLER: "model.mjs:env_invoke" },
    );
    expect(await json(c.fetch("/ping"))).toEqual({ source: "env_ping", type: "env_function" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ source: "env_invoke", type: "env_function" });
  });

  it("item 5: customPingHandler beats custom_sagemaker_ping_handler", async () => {
    const c = await start({
      "model.mjs": `
        import { customPingHandler } from "${PKG}";
        customPingHandler(async () => ({ source: "decorator", priority: "high" }));
        export const custom_sagemaker_ping_handler = () => ({ source: "script_function", priority: "low" });`,
    });
    expect(await json(c.fetch("/ping"))).toEqual({ source: "decorator", priority: "high" });
  });

  it("item 6: a marked ping returning a Response, script invocations beating the framework default", async () => {
    const c = await start({
      "model.mjs": `
        import { customPingHandler } from "${PKG}";
        export const ping = customPingHandler(() => new Response(JSON.stringify({ source: "ping_decorator_in_script", priority: "decorator" }), {
          status: 200, headers: { "content-type": "application/json" },
        }));
        export const custom_sagemaker_ping_handler = () => ({ source: "script_function" });
        export const custom_sagemaker_invocation_handler = () => ({ predictions: ["Script function response"], source: "script_invoke_function", priority: "function" });`,
    });
    const ping = await c.fetch("/ping");
    expect(ping.headers.get("content-type")).toBe("application/json");
    expect(await ping.json()).toEqual({ source: "ping_decorator_in_script", priority: "decorator" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ predictions: ["Script function response"], source: "script_invoke_function", priority: "function" });
  });

  it("the README's priority ladder: removing each level in turn reveals the next, for ping and invocations", async () => {
    const levels = {
      env: `export const env_ping = () => ({ level: 1 });\nexport const env_invoke = () => ({ level: 1 });`,
      marker: `import { customPingHandler, customInvocationHandler } from "${PKG}";\ncustomPingHandler(() => ({ level: 2 }));\ncustomInvocationHandler(() => ({ level: 2 }));`,
      script: `export const custom_sagemaker_ping_handler = () => ({ level: 3 });\nexport const custom_sagemaker_invocation_handler = () => ({ level: 3 });`,
    };
    const engine: SageMakerConfig = { ping: () => ({ level: 4 }), invocations: () => ({ level: 4 }) };
    const handlerEnv = { CUSTOM_FASTAPI_PING_HANDLER: "model.mjs:env_ping", CUSTOM_FASTAPI_INVOCATION_HANDLER: "model:env_invoke" };
    const ladder: Array<[string, Record<string, string>, number]> = [
      [[levels.env, levels.marker, levels.script].join("\n"), handlerEnv, 1],
      [[levels.env, levels.marker, levels.script].join("\n"), {}, 2],
      [[levels.env, levels.script].join("\n"), {}, 3],
      [levels.env, {}, 4],
    ];
    for (const [script, env, expected] of ladder) {
      const c = await start({ "model.mjs": script }, env, engine);
      expect(await json(c.fetch("/ping")), `ping, level ${expected}`).toEqual({ level: expected });
      expect(await json(c.fetch("/invocations", invoke)), `invocations, level ${expected}`).toEqual({ level: expected });
    }
  });

  it("level 2 also takes config.overrides, which beat script functions but lose to the script's markers", async () => {
    const overrides = { ping: () => ({ source: "config.overrides" }), invocations: () => ({ source: "config.overrides" }) };
    const c = await start(
      {
        "model.mjs": `
          import { customInvocationHandler } from "${PKG}";
          customInvocationHandler(() => ({ source: "marker" }));
          export const custom_sagemaker_ping_handler = () => ({ source: "script_function" });`,
      },
      {},
      { ...frameworkDefaults, overrides },
    );
    expect(await json(c.fetch("/ping"))).toEqual({ source: "config.overrides" });
    expect(await json(c.fetch("/invocations", invoke))).toEqual({ source: "marker" });
  });

  it("items 12 and 16 (deviation): a string result is text/plain, and the handler gets the request", async () => {
    const c = await start({
      "model.mjs": `
        export const custom_sagemaker_ping_handler = () => "customer ping";
        export const custom_sagemaker_invocation_handler = async (request) => "customer invoke: " + (await request.text());`,
    });
    const ping = await c.fetch("/ping");
    expect([ping.headers.get("content-type"), await ping.text()]).toEqual(["text/plain; charset=utf-8", "customer ping"]);
    expect(await (await c.fetch("/invocations", { method: "POST", body: "test" })).text()).toBe("customer invoke: test");
  });

  it("item 15 (deviation): a /route spec is answered by the engine's fallback at that path", async () => {
    const c = await start({}, { CUSTOM_FASTAPI_PING_HANDLER: "/health", CUSTOM_FASTAPI_INVOCATION_HANDLER: "/v1/chat/completions?stream=false" }, {
      ...frameworkDefaults,
      fallback: async (request) => {
        const url = new URL(request.url);
        return Response.json({ path: url.pathname, search: url.search, method: request.method, body: await request.text() });
      },
    });
    expect(await json(c.fetch("/ping"))).toEqual({ path: "/health", search: "", method: "GET", body: "" });
    expect(await json(c.fetch("/invocations", { method: "POST", body: "hi" }))).toEqual({
      path: "/v1/chat/completions",
      search: "?stream=false",
      method: "POST",
      body: "hi",
    });
  });

  it("items 23, 24, 35, 43, 44: file specs, Obj.method, nested objects, sub-directories, ../ and absolute paths", async () => {
    const dir = await modelDir({
      "model.mjs": `
        export class ModelHandler { static prefix = "pong"; static predict() { return this.prefix; } }
        export const Handler = { NestedClass: { nested_method: () => "nested" } };`,
      "helpers/sub_module.mjs": `export const from_sub = () => "sub";`,
    });
    const parentFile = `${dir}/../${dir.split("/").pop()}-parent.mjs`;
    const { writeFile, rm } = await import("node:fs/promises");
    await writeFile(parentFile, `export const parent = () => "parent";`);
    try {
      const cases: Array<[string, string]> = [
        ["model:ModelHandler.predict", "pong"], // bound: `this` is the class
        ["model.mjs:Handler.NestedClass.nested_method", "nested"],
        ["helpers/sub_module.mjs:from_sub", "sub"],
        [`../${dir.split("/").pop()}-parent.mjs:parent`, "parent"],
        [`${dir}/helpers/sub_module.mjs:from_sub`, "sub"],
      ];
      for (const [spec, expected] of cases) {
        const c = await t.start({ env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_PING_HANDLER: spec } });
        expect(await (await c.fetch("/ping")).text(), spec).toBe(expected);
      }
    } finally {
      await rm(parentFile, { force: true });
    }
  });

  it("item 44: a symlinked script is followed", async () => {
    const target = await modelDir({ "real.mjs": `export const custom_sagemaker_ping_handler = () => "via symlink";` });
    const dir = await modelDir({});
    const { symlink } = await import("node:fs/promises");
    await symlink(`${target}/real.mjs`, `${dir}/model.mjs`);
    const c = await t.start({ env: { SAGEMAKER_MODEL_PATH: dir } });
    expect(await (await c.fetch("/ping")).text()).toBe("via symlink");
  });

  it("item 10: package:fn resolves a bare specifier, from the model directory's node_modules first", async () => {
    const c = await start(
      {
        "node_modules/my-handlers/package.json": JSON.stringify({ name: "my-handlers", version: "1.0.0", main: "index.js" }),
        "node_modules/my-handlers/index.js": `exports.health = () => ({ source: "package" });`,
      },
      { CUSTOM_FASTAPI_PING_HANDLER: "my-handlers:health" },
    );
    expect(await json(c.fetch("/ping"))).toEqual({ source: "package" });
  });

  it("CUSTOM_SCRIPT_FILENAME picks the script; unset, model.js (CommonJS here) is probed before model.mjs", async () => {
    const named = await start(
      { "inference.mjs": `export const custom_sagemaker_ping_handler = () => "inference.mjs"`, "model.mjs": `export const custom_sagemaker_ping_handler = () => "model.mjs"` },
      { CUSTOM_SCRIPT_FILENAME: "inference.mjs" },
    );
    expect(await (await named.fetch("/ping")).text()).toBe("inference.mjs");
    const probed = await start({
      "model.js": `exports.custom_sagemaker_ping_handler = () => "model.js";`,
      "model.mjs": `export const custom_sagemaker_ping_handler = () => "model.mjs"`,
    });
    expect(await (await probed.fetch("/ping")).text()).toBe("model.js");
  });

  it("item 21: no customer script at all is fine: the framework defaults serve", async () => {
    const c = await start({}, { CUSTOM_SCRIPT_FILENAME: "absent.mjs" });
    expect((await json(c.fetch("/ping"))).source).toBe("vllm_default");
  });

  it("a script may import its siblings, and markers in them count (ESM resolves relative to the script)", async () => {
    const c = await start({
      "model.mjs": `import "./lib/handlers.mjs";`,
      "lib/handlers.mjs": `
        import { customPingHandler } from "${PKG}";
        customPingHandler(() => ({ source: "sibling" }));`,
    });
    expect(await json(c.fetch("/ping"))).toEqual({ source: "sibling" });
  });

  it("item 20: the script runs once; two handlers on the same model dir both get its markers", async () => {
    const dir = await modelDir({
      "model.mjs": `
        import { customPingHandler } from "${PKG}";
        const runs = (globalThis.__mhcsScriptRuns ??= {});
        runs[import.meta.url] = (runs[import.meta.url] ?? 0) + 1;
        customPingHandler(() => ({ runs: runs[import.meta.url] }));`,
    });
    const first = await t.start({ env: { SAGEMAKER_MODEL_PATH: dir } });
    const second = await t.start({ env: { SAGEMAKER_MODEL_PATH: dir } });
    expect(await json(first.fetch("/ping"))).toEqual({ runs: 1 });
    expect(await json(second.fetch("/ping"))).toEqual({ runs: 1 });
  });

  it("two handlers in one process share no state: each has its own model dir, overrides and defaults", async () => {
    const a = await start({ "model.mjs": `export const custom_sagemaker_ping_handler = () => "A";` }, {}, {});
    const b = await start({ "model.mjs": `export const custom_sagemaker_invocation_handler = () => "B";` }, {}, { ping: () => "default B" });
    expect(await (await a.fetch("/ping")).text()).toBe("A");
    expect((await a.fetch("/invocations", invoke)).status).toBe(404);
    expect(await (await b.fetch("/ping")).text()).toBe("default B");
    expect(await (await b.fetch("/invocations", invoke)).text()).toBe("B");
  });

  it("two handlers starting at the same time each get their own script's markers", async () => {
    const script = (name: string) => `
      import { customPingHandler } from "${PKG}";
      await new Promise((resolve) => setTimeout(resolve, 20));
      customPingHandler(() => "${name}");`;
    const [a, b] = await Promise.all([start({ "model.mjs": script("A") }, {}, {}), start({ "model.mjs": script("B") }, {}, {})]);
    expect(await (await a.fetch("/ping")).text()).toBe("A");
    expect(await (await b.fetch("/ping")).text()).toBe("B");
  });

  it("the environment is read at ready(), not when the handler is created (process.env by default)", async () => {
    const dir = await modelDir({ "model.mjs": `export const custom_sagemaker_ping_handler = () => "from process.env";` });
    const { createSageMakerHandler } = await import("../../runtimes/node/index.ts");
    const saved = process.env.SAGEMAKER_MODEL_PATH;
    const handler = createSageMakerHandler({ ping: () => "default", importModule: nativeImport });
    process.env.SAGEMAKER_MODEL_PATH = dir;
    try {
      const c = await t.start(handler);
      expect(await (await c.fetch("/ping")).text()).toBe("from process.env");
    } finally {
      if (saved === undefined) delete process.env.SAGEMAKER_MODEL_PATH;
      else process.env.SAGEMAKER_MODEL_PATH = saved;
    }
  });
});
