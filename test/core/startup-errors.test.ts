// Misconfiguration stops startup: `ready()` rejects with a message naming the variable, the file and the
// function, carrying the underlying error's text. Real scripts, real env values. Items: ref-core section 8.
import { describe, expect, it } from "vitest";
import { createSageMakerHandler, serve } from "../../runtimes/node/index.ts";
import type { SageMakerConfig } from "../../runtimes/node/index.ts";
import { memoryLogger, nativeImport, quietServe, silentLogger, useModelDirs } from "../support/harness.ts";
import { runScript } from "../support/process.ts";

const modelDir = useModelDirs();

async function startupError(files: Record<string, string>, env: Record<string, string>, config: SageMakerConfig = {}): Promise<{ message: string; dir: string }> {
  const dir = await modelDir(files);
  const handler = createSageMakerHandler({ logger: silentLogger, importModule: nativeImport, ...config, env: { SAGEMAKER_MODEL_PATH: dir, ...env } });
  try {
    await handler.ready();
  } catch (error) {
    expect((error as Error).name).toBe("SageMakerConfigError");
    return { message: (error as Error).message, dir };
  } finally {
    await handler.close();
  }
  throw new Error("ready() resolved but a startup error was expected");
}

const ping = "export const ping = () => 'pong'; export const NON_CALLABLE = 42; export const NONE_ATTRIBUTE = null; export const Handler = { process: () => 1 };";

describe("handler spec failures", () => {
  it("item 37: a file spec whose file is missing names the variable, the spec and the file", async () => {
    const { message, dir } = await startupError({}, { CUSTOM_FASTAPI_PING_HANDLER: "missing.mjs:fn" });
    expect(message).toContain("CUSTOM_FASTAPI_PING_HANDLER='missing.mjs:fn'");
    expect(message).toContain(`${dir}/missing.mjs`);
    const absolute = await startupError({}, { CUSTOM_FASTAPI_INVOCATION_HANDLER: "/tmp/nonexistent_file_12345.mjs:some_func" });
    expect(absolute.message).toContain("CUSTOM_FASTAPI_INVOCATION_HANDLER");
    expect(absolute.message).toContain("/tmp/nonexistent_file_12345.mjs");
  });

  it("item 38: a module that cannot be imported names the module and carries the import error", async () => {
    const { message } = await startupError({}, { CUSTOM_FASTAPI_PING_HANDLER: "nonexistent_module_xyz:func" });
    expect(message).toContain("CUSTOM_FASTAPI_PING_HANDLER='nonexistent_module_xyz:func'");
    expect(message).toContain("nonexistent_module_xyz");
    expect(message).toMatch(/Cannot find (package|module)/);
  });

  it("item 39: a missing function or method names the function and the file", async () => {
    const fn = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: "model.mjs:nonexistent_func" });
    expect(fn.message).toContain("CUSTOM_FASTAPI_PING_HANDLER='model.mjs:nonexistent_func'");
    expect(fn.message).toContain("'nonexistent_func' not found");
    expect(fn.message).toContain(`${fn.dir}/model.mjs`);
    const method = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: "model:Handler.nonexistent_method" });
    expect(method.message).toContain("'Handler.nonexistent_method' not found");
    const first = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: "model:Nope.m" });
    expect(first.message).toContain("'Nope' not found"); // the reference raises a raw AttributeError here
  });

  it("item 40: a non-callable or null export is rejected with what was found", async () => {
    const constant = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: "model:NON_CALLABLE" });
    expect(constant.message).toContain("'NON_CALLABLE'");
    expect(constant.message).toContain("is not a function (found number)");
    const none = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: "model:NONE_ATTRIBUTE" });
    expect(none.message).toContain("(found null)");
  });

  it("a file that exists but is not a regular file (/dev/zero, a directory) is reported as such, not as missing", async () => {
    const device = await startupError({}, { CUSTOM_FASTAPI_PING_HANDLER: "/dev/zero:x" });
    expect(device.message).toBe("CUSTOM_FASTAPI_PING_HANDLER='/dev/zero:x': file /dev/zero failed to load: it is not a regular file");
    const directory = await startupError({ "handlers.mjs/keep.txt": "" }, { CUSTOM_FASTAPI_PING_HANDLER: "handlers.mjs:x" });
    expect(directory.message).toContain(`file ${directory.dir}/handlers.mjs failed to load: it is not a regular file`);
    expect(directory.message).not.toContain("not found");
  });

  it("model:fn with no customer script names the paths it looked for", async () => {
    const { message, dir } = await startupError({}, { CUSTOM_FASTAPI_INVOCATION_HANDLER: "model:predict" });
    expect(message).toContain("CUSTOM_FASTAPI_INVOCATION_HANDLER='model:predict'");
    expect(message).toContain(`${dir}/model.js`);
    expect(message).toContain(`${dir}/model.mjs`);
  });

  it("items 36 and 81 (deviation): a malformed spec is a startup error, not silently ignored", async () => {
    for (const spec of ["no_colon", ":empty_module", "empty_func:", "model: fn", "model:fn-name", "a b:c"]) {
      const { message } = await startupError({ "model.mjs": ping }, { CUSTOM_FASTAPI_PING_HANDLER: spec });
      expect(message, spec).toContain(`Invalid handler specification in CUSTOM_FASTAPI_PING_HANDLER='${spec.trim()}'`);
    }
  });

  it("a non-callable custom_sagemaker_ping_handler export is a startup error naming the file", async () => {
    const { message, dir } = await startupError({ "model.mjs": "export const custom_sagemaker_ping_handler = null;" }, {});
    expect(message).toBe(`custom_sagemaker_ping_handler in ${dir}/model.mjs is not a function (found null)`);
  });
});

describe("customer script failures", () => {
  it("item 22: a syntax error names the script and both variables, and carries the SyntaxError", async () => {
    const { message, dir } = await startupError({ "inference.mjs": "export const x = ;" }, { CUSTOM_SCRIPT_FILENAME: "inference.mjs" });
    expect(message).toContain(`Customer script ${dir}/inference.mjs`);
    expect(message).toContain(`SAGEMAKER_MODEL_PATH='${dir}'`);
    expect(message).toContain("CUSTOM_SCRIPT_FILENAME='inference.mjs'");
    expect(message).toContain("SyntaxError");
  });

  it("a script that throws on import fails startup with its own message", async () => {
    const { message, dir } = await startupError({ "model.mjs": "class RuntimeError extends Error {}\nthrow new RuntimeError('model weights missing');" }, {});
    expect(message).toContain(`${dir}/model.mjs`);
    expect(message).toContain("model weights missing");
  });

  it("a script importing a missing package fails startup naming that package", async () => {
    const { message } = await startupError({ "model.mjs": "import 'not-installed-pkg-xyz';" }, {});
    expect(message).toContain("not-installed-pkg-xyz");
  });

  it("a model:fn spec on a broken script names the variable too", async () => {
    const { message } = await startupError({ "model.mjs": "throw new Error('boom at import');" }, { CUSTOM_FASTAPI_PING_HANDLER: "model:ping" });
    expect(message).toContain("CUSTOM_FASTAPI_PING_HANDLER='model:ping'");
    expect(message).toContain("boom at import");
  });

  it("a script whose top-level await never settles fails startup after CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS, naming the file", async () => {
    const { message, dir } = await startupError({ "model.mjs": "await new Promise(() => {});" }, { CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS: "0.3" });
    expect(message).toContain(`Customer script ${dir}/model.mjs`);
    expect(message).toContain("did not finish loading within 0.3 s (CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS)");
    // The import queue moved on: the next handler in this process still loads its script.
    const next = await modelDir({ "model.mjs": "export const custom_sagemaker_ping_handler = () => 'next';" });
    const handler = createSageMakerHandler({ logger: silentLogger, importModule: nativeImport, env: { SAGEMAKER_MODEL_PATH: next } });
    expect(await (await handler.fetch(new Request("http://localhost/ping"))).text()).toBe("next");
    await handler.close();
  });

  it("a handler file whose top-level await never settles fails startup naming the variable and the file", async () => {
    const { message, dir } = await startupError(
      { "handlers.mjs": "await new Promise(() => {}); export const ping = () => 1;" },
      { CUSTOM_FASTAPI_PING_HANDLER: "handlers.mjs:ping", CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS: "0.3" },
    );
    expect(message).toContain(`CUSTOM_FASTAPI_PING_HANDLER='handlers.mjs:ping': file ${dir}/handlers.mjs failed to load: TimeoutError: it did not finish loading`);
  });

  it("CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS that is not a positive number is a startup error naming it", async () => {
    const { message } = await startupError({}, { CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS: "soon" });
    expect(message).toBe("CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS must be a number greater than 0, got 'soon'");
  });

  it("a CUSTOM_SCRIPT_FILENAME that is not a module (model.txt) fails startup", async () => {
    const { message } = await startupError({ "model.txt": "hello" }, { CUSTOM_SCRIPT_FILENAME: "model.txt" });
    expect(message).toContain("model.txt");
    expect(message).toContain("failed to load");
  });

  it("duplicate registrations (deviation for handlers: the reference's last-wins) name both functions", async () => {
    const pkg = "model-hosting-container-standards";
    const cases: Array<[string, string]> = [
      [`customPingHandler`, "customPingHandler twice ('first' and 'second')"],
      [`customInvocationHandler`, "customInvocationHandler twice ('first' and 'second')"],
      [`customMiddleware("throttle")`, `customMiddleware("throttle") twice ('first' and 'second')`],
      [`customMiddleware("pre_post_process")`, `customMiddleware("pre_post_process") twice`],
      [`inputFormatter`, "inputFormatter twice"],
      [`outputFormatter`, "outputFormatter twice"],
    ];
    for (const [marker, expected] of cases) {
      const { message, dir } = await startupError(
        {
          "model.mjs": `
            import { customPingHandler, customInvocationHandler, customMiddleware, inputFormatter, outputFormatter } from "${pkg}";
            ${marker}(function first() {});
            ${marker}(function second() {});`,
        },
        // An env override does not hide the duplicate.
        { CUSTOM_FASTAPI_PING_HANDLER: "/health" },
      );
      expect(message, marker).toContain(`Customer script ${dir}/model.mjs registers`);
      expect(message, marker).toContain(expected);
    }
  });

  it("item 56: customMiddleware with an unknown slot fails startup with the reference's text", async () => {
    const { message } = await startupError(
      { "model.mjs": `import { customMiddleware } from "model-hosting-container-standards"; customMiddleware("invalid_name")(() => {});` },
      {},
    );
    expect(message).toContain("Failed to register middleware 'invalid_name': Middleware name 'invalid_name' is not allowed. Allowed names: pre_post_process, throttle");
  });
});

describe("middleware spec failures (items 52 and 82, deviation: the reference logs and ignores them)", () => {
  for (const variable of ["CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE", "CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS", "CUSTOM_PRE_PROCESS", "CUSTOM_POST_PROCESS"]) {
    it(`${variable} naming something missing or malformed stops startup`, async () => {
      const missing = await startupError({}, { [variable]: "nonexistent.module:nonexistent_function" });
      expect(missing.message).toContain(`${variable}='nonexistent.module:nonexistent_function'`);
      const route = await startupError({}, { [variable]: "/throttle" });
      expect(route.message).toContain(`${variable}='/throttle'`);
      const malformed = await startupError({}, { [variable]: "nocolon" });
      expect(malformed.message).toContain(`${variable}='nocolon'`);
    });
  }

  it("a broken lower-priority middleware variable fails startup even when a higher one wins", async () => {
    const { message } = await startupError(
      { "mw.mjs": "export const direct = (request, next) => next(request);" },
      { CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS: "mw.mjs:direct", CUSTOM_PRE_PROCESS: "mw.mjs:missing" },
    );
    expect(message).toContain("CUSTOM_PRE_PROCESS='mw.mjs:missing'");
  });
});

describe("startup failure and serving", () => {
  it("fetch after a failed ready() answers 503 and the failure is logged once to config.logger", async () => {
    const logger = memoryLogger();
    const dir = await modelDir({ "model.mjs": "throw new Error('cannot load weights');" });
    const handler = createSageMakerHandler({ logger, env: { SAGEMAKER_MODEL_PATH: dir } });
    await expect(handler.ready()).rejects.toThrow("cannot load weights");
    const response = await handler.fetch(new Request("http://localhost/ping"));
    expect([response.status, await response.json()]).toEqual([503, { detail: "Service Unavailable" }]);
    expect(logger.lines.filter((line) => line.includes("cannot load weights"))).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^\[ERROR\] SageMaker handler failed to start: SageMakerConfigError: /);
  });

  it("HEAD after a failed ready() gets the 503's status and headers with no body", async () => {
    const dir = await modelDir({ "model.mjs": "throw new Error('cannot load weights');" });
    const handler = createSageMakerHandler({ logger: silentLogger, env: { SAGEMAKER_MODEL_PATH: dir } });
    await expect(handler.ready()).rejects.toThrow("cannot load weights");
    const response = await handler.fetch(new Request("http://localhost/ping", { method: "HEAD" }));
    expect([response.status, response.headers.get("content-type"), response.body, await response.text()]).toEqual([503, "application/json", null, ""]);
  });

  it("fetch before ready() waits for initialisation", async () => {
    const dir = await modelDir({ "model.mjs": "await new Promise((r) => setTimeout(r, 50)); export const custom_sagemaker_ping_handler = () => 'late';" });
    const handler = createSageMakerHandler({ env: { SAGEMAKER_MODEL_PATH: dir } });
    const response = await handler.fetch(new Request("http://localhost/ping"));
    expect(await response.text()).toBe("late");
    await handler.close();
  });

  it("serve() rejects with the startup error when exitOnStartupError is false (no socket is opened)", async () => {
    const dir = await modelDir({});
    await expect(
      serve({ logger: silentLogger, env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_PING_HANDLER: "model:nope" } }, quietServe),
    ).rejects.toThrow("CUSTOM_FASTAPI_PING_HANDLER='model:nope'");
  });

  it("a real serve() process whose customer script never settles exits 1 naming the file (Node alone would exit 13 without a word)", async () => {
    const dir = await modelDir({
      "model.mjs": "await new Promise(() => {});",
      "server.mts": 'import { serve } from "model-hosting-container-standards/node";\nawait serve({});\n',
    });
    const run = await runScript(`${dir}/server.mts`, { SAGEMAKER_MODEL_PATH: dir, CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS: "1", PORT: "0" }, { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`startup failed: Customer script ${dir}/model.mjs`);
    expect(run.stderr).toContain("did not finish loading within 1 s (CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS)");
  }, 40_000);

  it("config errors name the key (valibot)", async () => {
    const cases: Array<[unknown, string]> = [
      [{ bogus: 1 }, "Unknown key config.bogus"],
      [{ ping: "not a function" }, "Invalid config.ping"],
      [{ overrides: { pong: () => 1 } }, "Unknown key config.overrides.pong"],
      [{ middlewares: [() => undefined, 3] }, "Invalid config.middlewares.1"],
      [{ maxRequestBytes: -1 }, "Invalid config.maxRequestBytes"],
      [{ sessions: { expirationSeconds: 0 } }, "Invalid config.sessions.expirationSeconds"],
      [{ env: { A: 1 } }, "Invalid config.env.A"],
      [{ logger: { info() {} } }, "Invalid config.logger"],
      [{ createSession: () => undefined }, "config.closeSession is missing"],
    ];
    for (const [config, expected] of cases) {
      const handler = createSageMakerHandler({ ...(config as SageMakerConfig), ...(config && "logger" in (config as object) ? {} : { logger: silentLogger }) });
      await expect(handler.ready(), JSON.stringify(config)).rejects.toThrow(expected);
    }
  });

  it("SAGEMAKER_MAX_PAYLOAD_IN_MB that is not a number >= 0 is a startup error naming it (0 means no limit)", async () => {
    const { message } = await startupError({}, { SAGEMAKER_MAX_PAYLOAD_IN_MB: "lots" });
    expect(message).toBe("SAGEMAKER_MAX_PAYLOAD_IN_MB must be a number of at least 0, got 'lots'");
  });
});
