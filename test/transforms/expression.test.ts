import { describe, expect, test } from "vitest";
import { SageMakerConfigError } from "../../src/errors.ts";
import {
  TransformEvaluationError,
  buildRequestView,
  compileExpression,
  evaluateExpression,
} from "../../src/transforms/index.ts";

const WHERE = "registerLoadAdapterHandler.requestShape.lora_name";

function rejects(source: unknown): SageMakerConfigError {
  try {
    compileExpression(source, WHERE);
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    expect((error as Error).message).toContain(WHERE);
    return error as SageMakerConfigError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

const evaluate = (source: string, data: unknown): unknown => evaluateExpression(compileExpression(source, WHERE), data);

describe("compileExpression: what MHCS (Python jmespath) accepts", () => {
  test("vLLM's expressions compile", () => {
    for (const source of [
      "body.name",
      "body.src",
      "body.load_inplace || `false`",
      "body.is_3d_lora_weight || `false`",
      "path_params.adapter_name",
      'headers."X-Amzn-SageMaker-Adapter-Identifier"',
      "query_params.name",
    ]) {
      expect(compileExpression(source, WHERE).source).toBe(source);
    }
  });

  test("checklist 38: indexes, filters, pipes and Python functions evaluate as in the reference", () => {
    expect(evaluate("body.items[0].name", { body: { items: [{ name: "first-item" }, { name: "second" }] } })).toBe("first-item");
    const named = { body: { items: [{ name: "item1", active: true }, { name: "item2", active: false }, { name: "item3", active: true }] } };
    expect(evaluate("body.items[?active==`true`].name", named)).toEqual(["item1", "item3"]);
    expect(evaluate("body.items[?active==`true`] | [0].name", named)).toBe("item1");
    expect(evaluate("length(body.items)", named)).toBe(3);
    expect(evaluate("sort_by(body.items, &name)[-1].name", named)).toBe("item3");
  });

  test("checklist 37: an expression that matches nothing is null", () => {
    expect(evaluate("body.missing", { body: {} })).toBeNull();
    expect(evaluate("body.a.b.c", { body: null })).toBeNull();
  });

  test("`||` defaults and backtick JSON literals", () => {
    expect(evaluate("body.load_inplace || `false`", { body: {} })).toBe(false);
    expect(evaluate("body.load_inplace || `false`", { body: { load_inplace: true } })).toBe(true);
    expect(evaluate("body.x || `{\"a\": [1]}`", { body: {} })).toEqual({ a: [1] });
    expect(evaluate("body.x || 'raw'", { body: {} })).toBe("raw");
  });
});

describe("compileExpression: rejected at config time, naming the key", () => {
  test("non-string values (checklist 34, DEVIATE: the reference dropped them with a warning)", () => {
    for (const value of [5, null, true, ["body.name"]]) rejects(value);
  });

  test("syntax errors and the empty expression", () => {
    expect(rejects("body.[").message).toMatch(/not a valid JMESPath expression/);
    rejects("");
  });

  test("checklist 40: unquoted hyphens (arithmetic in the community library) get a hint to quote", () => {
    const error = rejects("headers.X-Foo");
    expect(error.message).toMatch(/quote names that contain "-"/);
    rejects("headers.Content-Type");
    rejects("-body.a");
    rejects("body.a + body.b");
    rejects("body.a // body.b");
  });

  test("community-only syntax: $ root, let, variables, ternary", () => {
    expect(rejects("$.body").message).toMatch(/root/);
    expect(rejects("let $x = body in $x").message).toMatch(/let/);
    expect(rejects("body.a ? body.b : body.c").message).toMatch(/conditional/);
  });

  test("functions Python jmespath does not have", () => {
    for (const source of ["upper(body.name)", "split(body.name, '-')", "items(body)", "nope(body)"]) {
      expect(rejects(source).message).toMatch(/unknown function/);
    }
    expect(compileExpression("to_string(body.n)", WHERE).source).toBe("to_string(body.n)");
  });

  test("legacy unquoted literals, with a hint", () => {
    expect(rejects("body.a || `foo`").message).toMatch(/backtick literals must be JSON/);
  });
});

describe("evaluateExpression over a request view", () => {
  const view = (headers: Record<string, string>, body: unknown = null): unknown =>
    buildRequestView({ request: new Request("http://x/invocations?name=q1&name=q2", { headers }), body, pathParams: { adapter_name: "p" } });

  test("checklist 32: header names are case-insensitive in expressions", () => {
    const v = view({ "X-Foo": "bar" });
    expect(evaluate('headers."x-foo"', v)).toBe("bar");
    expect(evaluate('headers."X-FOO"', v)).toBe("bar");
    expect(evaluate("keys(headers)", v)).toEqual(["x-foo"]);
    expect(evaluate("query_params.name", v)).toBe("q2");
    expect(evaluate("path_params.adapter_name", v)).toBe("p");
  });

  test("no prototype members leak through field access", () => {
    const v = view({}, { a: { b: 1 } });
    for (const source of ["body.constructor", "body.__proto__", "body.a.toString", "headers.constructor", "query_params.hasOwnProperty", "path_params.__proto__", "constructor"]) {
      expect(evaluate(source, v), source).toBeNull();
    }
    expect(evaluate("body.constructor || 'fallback'", v)).toBe("fallback");
  });

  test("own keys named like prototype members are ordinary data", () => {
    const v = view({}, JSON.parse('{"constructor": "c", "__proto__": {"x": 1}}'));
    expect(evaluate("body.constructor", v)).toBe("c");
    expect(evaluate("body.__proto__.x", v)).toBe(1);
  });

  test("checklist 39 (DEVIATE): a runtime type error is a TransformEvaluationError naming the key", () => {
    const error = (() => {
      try {
        evaluate("length(body.missing)", view({}, {}));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TransformEvaluationError);
    expect((error as Error).message).toContain(WHERE);
    expect((error as Error).message).toMatch(/length\(\)/);
  });

  test("results are plain JSON: whole containers come back as ordinary objects", () => {
    const result = evaluate("body", view({}, { a: [1, { b: 2 }] })) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result).toEqual({ a: [1, { b: 2 }] });
    const headers = evaluate("headers", view({ "X-A": "1" })) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(headers))).toEqual({ "x-a": "1" });
  });
});
