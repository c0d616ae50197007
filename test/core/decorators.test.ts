// The customer markers (MHCS @custom_* / @input_formatter / @output_formatter) and script loading helpers.
import { describe, expect, it } from "vitest";
import { CustomerCode, pickFunction } from "../../src/customer/loader.ts";
import { customInvocationHandler, customMiddleware, customPingHandler, inputFormatter, outputFormatter } from "../../src/index.ts";
import { genericPlatform } from "../../src/platform.ts";

describe("markers", () => {
  it("item 17: each returns the very same function (identity, name, async-ness)", async () => {
    async function myPing() {
      return "pong";
    }
    const same = customPingHandler(myPing);
    expect(same).toBe(myPing);
    expect(same.name).toBe("myPing");
    expect(await same()).toBe("pong");
    // One function fits all five markers' callback types only as `any`: identity is what is checked here.
    const invoke = (r: any): any => r;
    expect(customInvocationHandler(invoke)).toBe(invoke);
    expect(customMiddleware("throttle")(invoke)).toBe(invoke);
    expect(inputFormatter(invoke)).toBe(invoke);
    expect(outputFormatter(invoke)).toBe(invoke);
  });

  it("item 56: customMiddleware rejects an unknown slot with the reference's message", () => {
    expect(() => customMiddleware("invalid_name" as never)).toThrow(
      "Failed to register middleware 'invalid_name': Middleware name 'invalid_name' is not allowed. Allowed names: pre_post_process, throttle",
    );
  });

  it("a marker given something that is not a function says so", () => {
    expect(() => customPingHandler(42 as never)).toThrow("customPingHandler expects a function, got number");
  });
});

describe("script discovery", () => {
  const platform = { ...genericPlatform(), runsTypeScript: false };

  it("items 18-19, 25: defaults to /opt/ml/model/ and probes model.js then model.mjs (model.ts only where TS runs)", () => {
    expect(new CustomerCode({}, platform, async () => ({})).scriptCandidates()).toEqual(["/opt/ml/model/model.js", "/opt/ml/model/model.mjs"]);
    expect(new CustomerCode({}, { ...platform, runsTypeScript: true }, async () => ({})).scriptCandidates()).toEqual([
      "/opt/ml/model/model.js",
      "/opt/ml/model/model.mjs",
      "/opt/ml/model/model.ts",
    ]);
    expect(new CustomerCode({ SAGEMAKER_MODEL_PATH: "/m", CUSTOM_SCRIPT_FILENAME: "inference.mjs" }, platform, async () => ({})).scriptCandidates()).toEqual(["/m/inference.mjs"]);
    // An absolute CUSTOM_SCRIPT_FILENAME wins over the directory, as os.path.join does.
    expect(new CustomerCode({ SAGEMAKER_MODEL_PATH: "/m", CUSTOM_SCRIPT_FILENAME: "/elsewhere/s.mjs" }, platform, async () => ({})).scriptCandidates()).toEqual(["/elsewhere/s.mjs"]);
  });

  it("a relative SAGEMAKER_MODEL_PATH resolves against the working directory", () => {
    const code = new CustomerCode({ SAGEMAKER_MODEL_PATH: "./model" }, { ...platform, cwd: () => "/srv/app" }, async () => ({}));
    expect(code.modelPath).toBe("/srv/app/model");
  });

  it("item 21: without a file-existence check, a script that is not there is probed by import and skipped", async () => {
    const missing = (specifier: string) => Promise.reject(Object.assign(new Error(`Cannot find module '${specifier.slice(7)}'`), { code: "ERR_MODULE_NOT_FOUND" }));
    const code = new CustomerCode({ SAGEMAKER_MODEL_PATH: "/m" }, { ...platform, fileKind: undefined }, missing);
    expect(await code.script()).toBeUndefined();
  });
});

describe("pickFunction", () => {
  const exports = {
    plain: () => "plain",
    Klass: class {
      static tag = "static";
      static method(this: { tag: string }) {
        return this.tag;
      }
    },
    obj: { deep: { fn: () => "deep" } },
    value: 3,
  };

  it("walks Obj.method paths and binds the holder", () => {
    expect(pickFunction(exports, ["plain"], "X", "f")()).toBe("plain");
    expect((pickFunction(exports, ["Klass", "method"], "X", "f") as () => string)()).toBe("static");
    expect(pickFunction(exports, ["obj", "deep", "fn"], "X", "f")()).toBe("deep");
  });

  it("never walks into Object.prototype members", () => {
    expect(() => pickFunction(exports, ["obj", "constructor"], "X", "f")).toThrow("function 'obj.constructor' not found in f");
    expect(() => pickFunction(exports, ["plain", "call"], "X", "f")).toThrow("not found");
  });

  it("names what it found when it is not a function", () => {
    expect(() => pickFunction(exports, ["value"], "SPEC", "/m/model.mjs")).toThrow("SPEC: 'value' in /m/model.mjs is not a function (found number)");
  });
});
