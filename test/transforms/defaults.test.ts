import { describe, expect, test } from "vitest";
import { createSageMakerHandler } from "../../src/handler.ts";
import { SageMakerConfigError } from "../../src/errors.ts";
import { registerLoadAdapterHandler } from "../../src/lora/index.ts";
import { compileDefaults, readTransformDefaults, transformDefaultsVariable } from "../../src/transforms/index.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("readTransformDefaults (checklist 100)", () => {
  test("every field defaults to {}", () => {
    expect(readTransformDefaults({})).toEqual({ load_adapter: {}, unload_adapter: {}, create_session: {}, close_session: {} });
  });

  test("reads SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS as JSON objects", () => {
    const defaults = readTransformDefaults({
      SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: '{"a":1}',
      SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: '{"body.capacity_of_str_len":1024}',
      SAGEMAKER_TRANSFORMS_CLOSE_SESSION_DEFAULTS: "  ",
    });
    expect(defaults.load_adapter).toEqual({ a: 1 });
    expect(defaults.create_session).toEqual({ "body.capacity_of_str_len": 1024 });
    expect(defaults.close_session).toEqual({});
    expect(transformDefaultsVariable("unload_adapter")).toBe("SAGEMAKER_TRANSFORMS_UNLOAD_ADAPTER_DEFAULTS");
  });

  test("invalid JSON is a config error naming the variable", () => {
    expect(() => readTransformDefaults({ SAGEMAKER_TRANSFORMS_UNLOAD_ADAPTER_DEFAULTS: "{bad" })).toThrow(SageMakerConfigError);
    expect(() => readTransformDefaults({ SAGEMAKER_TRANSFORMS_UNLOAD_ADAPTER_DEFAULTS: "{bad" })).toThrow(/SAGEMAKER_TRANSFORMS_UNLOAD_ADAPTER_DEFAULTS is not valid JSON/);
  });

  test("the value must be an object", () => {
    for (const raw of ["[1]", "null", "3", '"x"']) {
      expect(() => readTransformDefaults({ SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: raw })).toThrow(/SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS must be a JSON object/);
    }
  });

  test("unknown SAGEMAKER_TRANSFORMS_* variables are ignored, even bad ones (DEVIATE 6.19: the reference failed on them)", () => {
    expect(readTransformDefaults({ SAGEMAKER_TRANSFORMS_SOMETHING_ELSE: "{bad" }).load_adapter).toEqual({});
  });
});

describe("compileDefaults", () => {
  test("body paths (with or without `body.`) and headers", () => {
    const compiled = compileDefaults({ "body.capacity_of_str_len": 1024, load_inplace: true, "headers.X-Engine": "e", 'headers."X-Q"': 1 }, "V");
    expect(compiled.body).toEqual([
      { path: ["capacity_of_str_len"], value: 1024 },
      { path: ["load_inplace"], value: true },
    ]);
    expect(compiled.headers).toEqual([
      ["X-Engine", "e"],
      ["X-Q", "1"],
    ]);
  });

  test("bad keys name the variable and key", () => {
    expect(() => compileDefaults({ "query_params.x": 1 }, "SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS")).toThrow(
      /SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS key 'query_params.x'/,
    );
    expect(() => compileDefaults({ "a..b": 1 }, "V")).toThrow(/V key 'a..b'/);
    expect(() => compileDefaults({ "headers.X": { a: 1 } }, "V")).toThrow(/string value/);
  });
});

describe("defaults at ready()", () => {
  const loadAdapter = registerLoadAdapterHandler({ requestShape: { lora_name: "body.name", lora_path: "body.src" } })(async (request) =>
    Response.json(await request.json()),
  );

  test("a bad SAGEMAKER_TRANSFORMS_* value makes ready() reject naming the variable", async () => {
    const handler = createSageMakerHandler({ loadAdapter, logger: silent, env: { SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: "{not json" } });
    await expect(handler.ready()).rejects.toThrow(/SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS/);
  });

  test("a default that would sit where the shape writes a child is rejected at ready()", async () => {
    const nested = registerLoadAdapterHandler({ requestShape: { "cfg.name": "body.name" } })(() => undefined);
    const handler = createSageMakerHandler({ loadAdapter: nested, logger: silent, env: { SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: '{"cfg": 1}' } });
    await expect(handler.ready()).rejects.toThrow(/SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS key 'cfg'/);
  });

  test("DEVIATE 6.19: load-adapter defaults fill the shaped body under the shape's values (the reference parsed but never applied them)", async () => {
    const handler = createSageMakerHandler({
      loadAdapter,
      logger: silent,
      env: { SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS: '{"load_inplace": true, "lora_name": "never-used"}' },
    });
    const response = await handler.fetch(new Request("http://x/adapters", { method: "POST", body: '{"name":"a1","src":"/s"}' }));
    expect(await response.json()).toEqual({ load_inplace: true, lora_name: "a1", lora_path: "/s" });
  });
});
