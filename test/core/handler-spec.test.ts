// Handler spec grammar (ref-core section 2, items 29-34), with our deliberate changes: split on the LAST
// colon (node:/npm: specifiers), malformed specs are errors instead of being ignored (item 81).
import { describe, expect, it } from "vitest";
import { isFileModule, parseHandlerSpec } from "../../src/customer/spec.ts";

const parse = (raw: string | undefined) => parseHandlerSpec(raw, "CUSTOM_FASTAPI_PING_HANDLER");

describe("parseHandlerSpec", () => {
  it("item 29: model.py-style file spec", () => {
    expect(parse("model.mjs:predict_fn")).toEqual({ kind: "function", module: "model.mjs", attributePath: ["predict_fn"], source: "model.mjs:predict_fn" });
    expect(isFileModule("model.mjs")).toBe(true);
  });

  it("item 30: module spec", () => {
    expect(parse("mypackage:handler_fn")).toMatchObject({ kind: "function", module: "mypackage", attributePath: ["handler_fn"] });
    expect(isFileModule("mypackage")).toBe(false);
    expect(isFileModule("@scope/pkg")).toBe(false);
  });

  it("item 31: Obj.method and deeper paths", () => {
    expect(parse("handler.mjs:MyClass.process")).toMatchObject({ module: "handler.mjs", attributePath: ["MyClass", "process"] });
    expect(parse("model:Handler.NestedClass.nested_method")).toMatchObject({ attributePath: ["Handler", "NestedClass", "nested_method"] });
  });

  it("item 32 (deviation 3): /health is a route spec, answered by fallback", () => {
    expect(parse("/health")).toEqual({ kind: "route", path: "/health", source: "/health" });
    expect(parse("/api/v1/status")).toMatchObject({ kind: "route", path: "/api/v1/status" });
  });

  it("item 33: an absolute file path is a file spec, not a route", () => {
    expect(parse("/opt/ml/model.mjs:predict_fn")).toMatchObject({ kind: "function", module: "/opt/ml/model.mjs" });
    expect(isFileModule("/opt/ml/model.mjs")).toBe(true);
    expect(isFileModule("./x")).toBe(true);
    expect(isFileModule("../x")).toBe(true);
    for (const ext of ["js", "mjs", "cjs", "ts", "mts", "cts"]) expect(isFileModule(`x.${ext}`)).toBe(true);
  });

  it("the last colon splits, so node: and npm: specifiers work", () => {
    expect(parse("node:path:join")).toMatchObject({ module: "node:path", attributePath: ["join"] });
    expect(parse("npm:left-pad:default")).toMatchObject({ module: "npm:left-pad", attributePath: ["default"] });
  });

  it("surrounding whitespace is trimmed; unset and blank mean no spec", () => {
    expect(parse("  model:fn  ")).toMatchObject({ module: "model", attributePath: ["fn"], source: "model:fn" });
    expect(parse(undefined)).toBeUndefined();
    expect(parse("")).toBeUndefined();
    expect(parse("   ")).toBeUndefined();
  });

  it("items 34, 36, 81 (deviation): malformed specs throw, naming the variable and the spec", () => {
    for (const bad of ["no_colon", ":empty_module", "empty_func:", "model: fn", "a b:fn", "model:fn()", "model:1abc", "model:a..b", "health"]) {
      expect(() => parse(bad), bad).toThrow(`Invalid handler specification in CUSTOM_FASTAPI_PING_HANDLER='${bad}'`);
    }
  });
});
