/** ref-lora-transforms section 5, items 89-95: the path setter and the adapter name/alias helpers. */
import { describe, expect, test } from "vitest";
import { getAtPath, parseDotPath, setAtPath } from "../../src/_internal/json-path.ts";
import { adapterAlias, adapterNameProblem } from "../../src/lora/adapter-name.ts";

describe("setAtPath (MHCS set_value)", () => {
  test("89: top-level and existing paths are replaced", () => {
    const flat: Record<string, unknown> = {};
    setAtPath(flat, ["key"], "value");
    expect(flat).toEqual({ key: "value" });
    const nested = { parent: { child: "old" } };
    setAtPath(nested, parseDotPath("parent.child"), "new");
    expect(nested).toEqual({ parent: { child: "new" } });
    const deep = { a: { b: { c: { d: 1 } } } };
    setAtPath(deep, parseDotPath("a.b.c.d"), 2);
    expect(deep).toEqual({ a: { b: { c: { d: 2 } } } });
  });

  test("90/92 (DEVIATE 6.2): missing parents are created at any depth (paths are validated at config time instead)", () => {
    const target: Record<string, unknown> = { parent: {} };
    expect(setAtPath(target, parseDotPath("parent.missing.child"), 1)).toBe(true);
    expect(target).toEqual({ parent: { missing: { child: 1 } } });
    const deep: Record<string, unknown> = {};
    setAtPath(deep, parseDotPath("a.b.c.d"), 1);
    expect(deep).toEqual({ a: { b: { c: { d: 1 } } } });
  });

  test("91/93: a partial chain is completed and siblings are preserved", () => {
    const target = { a: { b: {}, sibling: 1 } };
    setAtPath(target, parseDotPath("a.b.c"), "v");
    expect(target).toEqual({ a: { b: { c: "v" }, sibling: 1 } });
  });

  test("a parent that is not an object is reported, nothing written", () => {
    const target = { a: "text" };
    expect(setAtPath(target, parseDotPath("a.b"), 1)).toBe(false);
    expect(target).toEqual({ a: "text" });
    expect(getAtPath(target, ["a", "b"])).toBeUndefined();
  });

  test("dot paths: empty and prototype segments are rejected", () => {
    expect(() => parseDotPath("a..b")).toThrow(/empty segment/);
    expect(() => parseDotPath("constructor.prototype")).toThrow(/reserved segment/);
  });
});

describe("adapter names (95)", () => {
  test("95: the alias is the header value, else undefined", () => {
    expect(adapterAlias(new Headers({ "x-amzn-sagemaker-adapter-alias": "al" }))).toBe("al");
    expect(adapterAlias(new Headers({ "X-Amzn-SageMaker-Adapter-Alias": "" }))).toBeUndefined();
    expect(adapterAlias(new Headers())).toBeUndefined();
    expect(adapterAlias(null)).toBeUndefined();
  });

  test("6.14: name hygiene", () => {
    expect(adapterNameProblem("my-adapter_1.v2")).toBeUndefined();
    expect(adapterNameProblem("a b")).toBeUndefined();
    expect(adapterNameProblem(" \t")).toBe("cannot be blank");
    expect(adapterNameProblem("a/b")).toBe("cannot contain '/'");
    expect(adapterNameProblem("a\u007fb")).toBe("cannot contain control characters");
    expect(adapterNameProblem("a\u0085b")).toBe("cannot contain control characters");
    expect(adapterNameProblem("\u{1F600}".repeat(256))).toBeUndefined();
    expect(adapterNameProblem("\u{1F600}".repeat(257))).toBe("cannot be longer than 256 characters");
  });
});
