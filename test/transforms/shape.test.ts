import { describe, expect, test } from "vitest";
import { SageMakerConfigError } from "../../src/errors.ts";
import { buildRequestView, compileShape, evaluateShape, isAbsentShape, shapeTargets } from "../../src/transforms/index.ts";

const WHERE = "registerLoadAdapterHandler.requestShape";

function view(body: unknown, init: { url?: string; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
  return buildRequestView({
    request: new Request(init.url ?? "http://x/adapters", { headers: init.headers }),
    body,
    pathParams: init.params ?? {},
  });
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a SageMakerConfigError");
}

describe("compileShape", () => {
  test("errors name the full key of the bad value", () => {
    expect(configError(() => compileShape({ lora_name: 5 }, WHERE))).toContain(`${WHERE}.lora_name`);
    expect(configError(() => compileShape({ outer: { inner: "headers.X-Foo" } }, WHERE))).toContain(`${WHERE}.outer.inner`);
    expect(configError(() => compileShape({ lora_name: "body.[" }, WHERE))).toContain(`${WHERE}.lora_name`);
  });

  test("target keys are dot paths: empty and prototype segments are rejected", () => {
    expect(configError(() => compileShape({ "a..b": "body.name" }, WHERE))).toContain(`${WHERE}.a..b`);
    expect(configError(() => compileShape({ "__proto__.x": "body.name" }, WHERE))).toMatch(/reserved segment/);
    expect(configError(() => compileShape({ "a.constructor": "body.name" }, WHERE))).toMatch(/reserved segment/);
  });

  test("overlapping targets are rejected", () => {
    expect(configError(() => compileShape({ a: "body.x", "a.b": "body.y" }, WHERE))).toMatch(/overlaps/);
    expect(configError(() => compileShape({ "a.b": "body.x", a: { b: "body.y" } }, WHERE))).toMatch(/overlaps/);
  });

  test("a shape must be a plain object", () => {
    for (const bad of [null, "body.name", ["body.name"], new Map()]) configError(() => compileShape(bad, WHERE));
  });

  test("shapeTargets lists full leaf paths", () => {
    expect(shapeTargets(compileShape({ a: "body.x", "b.c": "body.y", d: { e: "body.z" } }, WHERE))).toEqual([["a"], ["b", "c"], ["d", "e"]]);
  });

  test("isAbsentShape: null, undefined and {} ask for nothing", () => {
    expect([null, undefined, {}].map(isAbsentShape)).toEqual([true, true, true]);
    expect(isAbsentShape({ a: "body" })).toBe(false);
  });
});

describe("evaluateShape", () => {
  test("checklist 29/21: vLLM's load shape over a validated body", () => {
    const shape = compileShape({ lora_name: "body.name", lora_path: "body.src", load_inplace: "body.load_inplace || `false`" }, WHERE);
    expect(evaluateShape(shape, view({ name: "test-adapter", src: "s3://bucket/adapter", preload: true, pin: false }))).toEqual({
      lora_name: "test-adapter",
      lora_path: "s3://bucket/adapter",
      load_inplace: false,
    });
  });

  test("checklist 30: a nested shape gives a nested object", () => {
    const shape = compileShape({ adapter_config: { name: "body.name" }, source_path: "body.src" }, WHERE);
    expect(evaluateShape(shape, view({ name: "n", src: "s" }))).toEqual({ adapter_config: { name: "n" }, source_path: "s" });
  });

  test("checklist 33 (DEVIATE, issue 3: targets are dot paths): `dotted.key` writes a nested object", () => {
    const shape = compileShape({ "dotted.key": "body.name", "dotted.other": "body.src" }, WHERE);
    expect(evaluateShape(shape, view({ name: "n", src: "s" }))).toEqual({ dotted: { key: "n", other: "s" } });
  });

  test("checklist 37: every target is present, null when nothing matched", () => {
    const shape = compileShape({ a: "body.missing", b: { c: "headers.nothing" } }, WHERE);
    expect(evaluateShape(shape, view({}))).toEqual({ a: null, b: { c: null } });
  });

  test("checklist 35: the empty shape gives {}", () => {
    expect(evaluateShape(compileShape({}, WHERE), view({ name: "n" }))).toEqual({});
  });

  test("a null result keeps a value already in place (env defaults); a non-null result replaces it", () => {
    const shape = compileShape({ capacity: "body.capacity", name: "body.name" }, WHERE);
    expect(evaluateShape(shape, view({ name: "n" }), { into: { capacity: 1024, name: "default" } })).toEqual({ capacity: 1024, name: "n" });
  });

  test("results never carry prototype members or undefined", () => {
    const shape = compileShape({ c: "body.constructor", p: "body.__proto__", h: "headers.constructor" }, WHERE);
    const out = evaluateShape(shape, view({ a: 1 }));
    expect(out).toEqual({ c: null, p: null, h: null });
    expect(JSON.stringify(out)).toBe('{"c":null,"p":null,"h":null}');
  });
});
