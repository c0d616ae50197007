import { describe, expect, it } from "vitest";
import { createSageMakerHandler, resolveSettings } from "../../src/index.ts";

describe("resolveSettings(env)", () => {
  it("gives the defaults for an empty environment", () => {
    expect(resolveSettings({})).toEqual({
      sessions: { enabled: false, expirationSeconds: 1200, path: undefined },
      maxRequestBytes: 6 * 1024 * 1024,
      multiModel: false,
      batch: { enabled: false, batchStrategy: undefined, maxConcurrentTransforms: undefined, maxPayloadInMB: undefined },
      logLevel: 40,
      modelPath: "/opt/ml/model/",
      customScriptFilename: undefined,
      handlers: {},
    });
  });

  it("reads every variable the library reads, with the library's rules", () => {
    const settings = resolveSettings({
      SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "TRUE",
      SAGEMAKER_SESSIONS_EXPIRATION: " 600 ",
      SAGEMAKER_SESSIONS_PATH: "/tmp/sessions",
      SAGEMAKER_MAX_PAYLOAD_IN_MB: "0.5",
      SAGEMAKER_CONTAINER_LOG_LEVEL: "debug",
      SAGEMAKER_MODEL_PATH: "./model",
      CUSTOM_SCRIPT_FILENAME: "handler.mjs",
      CUSTOM_FASTAPI_PING_HANDLER: "/health",
      CUSTOM_FASTAPI_INVOCATION_HANDLER: "model.mjs:Engine.generate",
      CUSTOM_PRE_PROCESS: "hooks:before",
    });
    expect(settings.sessions).toEqual({ enabled: true, expirationSeconds: 600, path: "/tmp/sessions" });
    expect(settings.maxRequestBytes).toBe(512 * 1024);
    expect(settings.batch.maxPayloadInMB).toBe(0.5);
    expect(settings.logLevel).toBe(10);
    expect(settings.modelPath).toBe("./model");
    expect(settings.customScriptFilename).toBe("handler.mjs");
    expect(settings.handlers).toEqual({
      ping: { kind: "route", path: "/health", source: "/health" },
      invocations: { kind: "function", module: "model.mjs", attributePath: ["Engine", "generate"], source: "model.mjs:Engine.generate" },
      preProcess: { kind: "function", module: "hooks", attributePath: ["before"], source: "hooks:before" },
    });
    expect(resolveSettings({ LOG_LEVEL: "INFO" }).logLevel).toBe(20);
    expect(resolveSettings({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "yes" }).sessions.enabled).toBe(false);
  });

  it("reads the hosting-mode variables: multi-model and the transform job's", () => {
    const settings = resolveSettings({
      SAGEMAKER_MULTI_MODEL: " True ",
      SAGEMAKER_BATCH: "TRUE",
      SAGEMAKER_BATCH_STRATEGY: "single_record",
      SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "0",
      SAGEMAKER_MAX_PAYLOAD_IN_MB: "0",
    });
    expect(settings.multiModel).toBe(true);
    expect(settings.batch).toEqual({ enabled: true, batchStrategy: "SINGLE_RECORD", maxConcurrentTransforms: 0, maxPayloadInMB: 0 });
    // 0 MiB is SageMaker's "arbitrarily large": no limit.
    expect(settings.maxRequestBytes).toBe(Number.POSITIVE_INFINITY);
    for (const off of ["", "0", "false", "FALSE"]) expect(resolveSettings({ SAGEMAKER_MULTI_MODEL: off }).multiModel).toBe(false);
    expect(resolveSettings({ SAGEMAKER_MULTI_MODEL: "1" }).multiModel).toBe(true);
    // Empty means unset.
    expect(resolveSettings({ SAGEMAKER_BATCH: "", SAGEMAKER_BATCH_STRATEGY: "", SAGEMAKER_MAX_PAYLOAD_IN_MB: " " }).batch).toEqual({
      enabled: false,
      batchStrategy: undefined,
      maxConcurrentTransforms: undefined,
      maxPayloadInMB: undefined,
    });
  });

  it("throws the error ready() would give, naming the variable", async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SAGEMAKER_SESSIONS_EXPIRATION: "0" }, /SAGEMAKER_SESSIONS_EXPIRATION must be a whole number greater than 0, got '0'/],
      [{ SAGEMAKER_SESSIONS_EXPIRATION: "99999999999" }, /SAGEMAKER_SESSIONS_EXPIRATION must be at most/],
      [{ SAGEMAKER_MAX_PAYLOAD_IN_MB: "lots" }, /SAGEMAKER_MAX_PAYLOAD_IN_MB must be a number of at least 0, got 'lots'/],
      [{ SAGEMAKER_MAX_PAYLOAD_IN_MB: "-1" }, /SAGEMAKER_MAX_PAYLOAD_IN_MB must be a number of at least 0, got '-1'/],
      [{ SAGEMAKER_MULTI_MODEL: "yes" }, /SAGEMAKER_MULTI_MODEL must be true, 1, false or 0, got 'yes'/],
      [{ SAGEMAKER_BATCH: "1" }, /SAGEMAKER_BATCH must be 'true' or 'false', got '1'/],
      [{ SAGEMAKER_BATCH_STRATEGY: "EVERY_RECORD" }, /SAGEMAKER_BATCH_STRATEGY must be SINGLE_RECORD or MULTI_RECORD/],
      [{ SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "1.5" }, /SAGEMAKER_MAX_CONCURRENT_TRANSFORMS must be a whole number of at least 0, got '1.5'/],
      [{ CUSTOM_FASTAPI_PING_HANDLER: "not a spec" }, /CUSTOM_FASTAPI_PING_HANDLER='not a spec'/],
      [{ CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "/route" }, /CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE='\/route'.*not a route/],
    ];
    for (const [env, message] of cases) {
      expect(() => resolveSettings(env)).toThrow(message);
      const variable = Object.keys(env)[0];
      expect(() => resolveSettings(env)).toThrow(expect.objectContaining({ name: "SageMakerConfigError", variable }));
    }
    // The same message as the handler's startup failure.
    const handler = createSageMakerHandler({ env: { SAGEMAKER_MAX_PAYLOAD_IN_MB: "lots" }, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    await expect(handler.ready()).rejects.toThrow(/SAGEMAKER_MAX_PAYLOAD_IN_MB must be a number of at least 0, got 'lots'/);
  });

  it("reads nothing but the object it is given", () => {
    const reads: string[] = [];
    const env = new Proxy({} as Record<string, string>, { get: (_target, key) => (reads.push(String(key)), undefined) });
    resolveSettings(env);
    expect(reads.every((name) => /^(SAGEMAKER_|CUSTOM_|LOG_LEVEL$)/.test(name))).toBe(true);
  });
});
