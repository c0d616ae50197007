// Startup errors are one family: a SageMakerConfigError whose `code` and culprit fields (`variable`,
// `file`, `key`) say what code needs, besides the message people read.
import { describe, expect, it } from "vitest";
import {
  createSageMakerHandler,
  createTransform,
  injectAdapterId,
  registerCloseSessionHandler,
  registerLoadAdapterHandler,
  SageMakerConfigError,
  splitRecords,
  statefulSessionManager,
} from "../../runtimes/node/index.ts";
import type { SageMakerConfig } from "../../runtimes/node/index.ts";
import { nativeImport, silentLogger, useModelDirs } from "../support/harness.ts";

const modelDir = useModelDirs();
const echo = () => ({ ok: true });

async function startupError(config: SageMakerConfig): Promise<SageMakerConfigError> {
  const handler = createSageMakerHandler({ logger: silentLogger, importModule: nativeImport, ...config });
  try {
    await handler.ready();
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    return error as SageMakerConfigError;
  } finally {
    await handler.close();
  }
  throw new Error("ready() resolved but a startup error was expected");
}

function thrown(build: () => unknown): SageMakerConfigError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    return error as SageMakerConfigError;
  }
  throw new Error("nothing was thrown");
}

const fields = (error: SageMakerConfigError) => ({ code: error.code, variable: error.variable, file: error.file, key: error.key });

describe("SageMakerConfigError fields", () => {
  it("a bad environment value: INVALID_ENV and the variable", async () => {
    const error = await startupError({ env: { SAGEMAKER_MAX_PAYLOAD_IN_MB: "lots" } });
    expect(fields(error)).toEqual({ code: "INVALID_ENV", variable: "SAGEMAKER_MAX_PAYLOAD_IN_MB", file: undefined, key: undefined });
    expect(error.message).toBe("SAGEMAKER_MAX_PAYLOAD_IN_MB must be a number of at least 0, got 'lots'");
  });

  it("a malformed handler spec: INVALID_SPEC and the variable", async () => {
    const error = await startupError({ env: { CUSTOM_FASTAPI_PING_HANDLER: "ping" } });
    expect(fields(error)).toMatchObject({ code: "INVALID_SPEC", variable: "CUSTOM_FASTAPI_PING_HANDLER" });
  });

  it("a spec's missing file: CUSTOMER_CODE_MISSING, the variable and the file", async () => {
    const dir = await modelDir({});
    const error = await startupError({ env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_INVOCATION_HANDLER: "handlers.mjs:invoke" } });
    expect(fields(error)).toEqual({ code: "CUSTOMER_CODE_MISSING", variable: "CUSTOM_FASTAPI_INVOCATION_HANDLER", file: `${dir}/handlers.mjs`, key: undefined });
  });

  it("a function missing from a spec's file: CUSTOMER_CODE_MISSING, the variable and the file", async () => {
    const dir = await modelDir({ "handlers.mjs": "export const other = () => 1;" });
    const error = await startupError({ env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_PING_HANDLER: "handlers.mjs:ping" } });
    expect(fields(error)).toEqual({ code: "CUSTOMER_CODE_MISSING", variable: "CUSTOM_FASTAPI_PING_HANDLER", file: `${dir}/handlers.mjs`, key: undefined });
  });

  it("a customer script that throws: CUSTOMER_CODE_FAILED and the file, with the cause kept", async () => {
    const dir = await modelDir({ "model.mjs": "throw new RangeError('no weights');" });
    const error = await startupError({ env: { SAGEMAKER_MODEL_PATH: dir } });
    expect(fields(error)).toMatchObject({ code: "CUSTOMER_CODE_FAILED", file: `${dir}/model.mjs` });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("a model:fn spec over a broken script keeps the file and adds the variable", async () => {
    const dir = await modelDir({ "model.mjs": "throw new Error('boom');" });
    const error = await startupError({ env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_PING_HANDLER: "model:ping" } });
    expect(fields(error)).toEqual({ code: "CUSTOMER_CODE_FAILED", variable: "CUSTOM_FASTAPI_PING_HANDLER", file: `${dir}/model.mjs`, key: undefined });
  });

  it("an unusable export: CUSTOMER_CODE_INVALID and the file", async () => {
    const dir = await modelDir({ "model.mjs": "export const custom_sagemaker_ping_handler = 42;" });
    const error = await startupError({ env: { SAGEMAKER_MODEL_PATH: dir } });
    expect(fields(error)).toMatchObject({ code: "CUSTOMER_CODE_INVALID", file: `${dir}/model.mjs` });
  });

  it("a bad config key: INVALID_CONFIG and the key", async () => {
    expect(fields(await startupError({ bogus: 1 } as never))).toMatchObject({ code: "INVALID_CONFIG", key: "config.bogus" });
    expect(fields(await startupError({ createSession: echo }))).toMatchObject({ code: "INVALID_CONFIG", key: "config.closeSession" });
  });

  it("a JSON defaults variable with a bad key: INVALID_ENV, the variable and the key inside it", async () => {
    const error = await startupError({
      env: { SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: '{"query_params.x": 1}' },
      loadAdapter: registerLoadAdapterHandler({ requestShape: { lora_name: "body.name" } })(echo),
    });
    expect(fields(error)).toEqual({
      code: "INVALID_ENV",
      variable: "SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS",
      file: undefined,
      key: "query_params.x",
    });
  });

  it("wrappers throw it with the option as the key, statefulSessionManager like its siblings", () => {
    const stateful = thrown(() => statefulSessionManager({ engineRequestSessionIdPath: "a..b" }));
    expect(fields(stateful)).toMatchObject({ code: "INVALID_CONFIG", key: "statefulSessionManager.engineRequestSessionIdPath" });
    expect(stateful.message).toMatch(/^statefulSessionManager: invalid engineRequestSessionIdPath: .*empty segment/);
    expect(thrown(() => statefulSessionManager()(42 as never)).key).toBe("statefulSessionManager(...)");
    expect(thrown(() => registerCloseSessionHandler({} as never)).key).toBe("registerCloseSessionHandler.engineRequestSessionIdPath");
    expect(thrown(() => injectAdapterId("model", { append: true })).key).toBe("injectAdapterId.separator");
    expect(thrown(() => registerLoadAdapterHandler({ requestShape: { lora_name: "body.[" } })).key).toBe("registerLoadAdapterHandler.requestShape.lora_name");
    expect(thrown(() => createTransform({ bogus: 1 } as never)).code).toBe("INVALID_CONFIG");
    expect(thrown(() => splitRecords({ concurrency: 0 })).key).toBe("splitRecords.concurrency");
    expect(thrown(() => splitRecords({ other: 1 } as never)).key).toBe("splitRecords.other");
    expect(thrown(() => splitRecords()(42 as never)).key).toBe("splitRecords(...)");
  });

  it("the hosting modes: INVALID_ENV naming the variable, INVALID_CONFIG naming the key", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ SAGEMAKER_MULTI_MODEL: "yes" }, "SAGEMAKER_MULTI_MODEL"],
      [{ SAGEMAKER_MULTI_MODEL: "true" }, "SAGEMAKER_MULTI_MODEL"], // on, with no config.models
      [{ SAGEMAKER_BATCH: "maybe" }, "SAGEMAKER_BATCH"],
      [{ SAGEMAKER_BATCH_STRATEGY: "ALL" }, "SAGEMAKER_BATCH_STRATEGY"],
      [{ SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "-1" }, "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS"],
      [{ SAGEMAKER_SESSIONS_EXPIRATION: "99999999999" }, "SAGEMAKER_SESSIONS_EXPIRATION"],
    ];
    for (const [env, variable] of cases) {
      expect(fields(await startupError({ env }))).toEqual({ code: "INVALID_ENV", variable, file: undefined, key: undefined });
    }
    const product = await startupError({ batch: { maxConcurrentTransforms: 20, maxPayloadInMB: 6 } });
    expect(fields(product)).toEqual({ code: "INVALID_CONFIG", variable: undefined, file: undefined, key: "config.batch" });
    expect(fields(await startupError({ env: { CUSTOM_PRE_PROCESS: "/route" } }))).toMatchObject({ code: "INVALID_SPEC", variable: "CUSTOM_PRE_PROCESS" });
  });
});
