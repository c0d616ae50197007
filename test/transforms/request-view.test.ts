import { describe, expect, test } from "vitest";
import { buildRequestView, headerView, toViewJson } from "../../src/transforms/index.ts";

describe("buildRequestView", () => {
  test("has exactly body, headers, query_params and path_params, on null-prototype containers", () => {
    const view = buildRequestView({ request: new Request("http://x/a?q=1"), body: { a: { b: [{ c: 1 }] } }, pathParams: { adapter_name: "n" } });
    expect(Object.keys(view).sort()).toEqual(["body", "headers", "path_params", "query_params"]);
    expect(Object.getPrototypeOf(view)).toBeNull();
    const body = view.body as { a: { b: Array<{ c: number }> } };
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(Object.getPrototypeOf(body.a)).toBeNull();
    expect(Object.getPrototypeOf(body.a.b[0])).toBeNull();
    expect(Object.getPrototypeOf(view.query_params)).toBeNull();
    expect(Object.getPrototypeOf(view.path_params)).toBeNull();
    expect(view.path_params).toEqual({ adapter_name: "n" });
  });

  test("reference 1.1: a body that is not an object (list, string, null) becomes null", () => {
    for (const body of [undefined, null, "text", [1, 2], 3, true]) {
      expect(buildRequestView({ request: new Request("http://x/"), body }).body).toBeNull();
    }
  });

  test("the body view is a copy: it does not alias the caller's object", () => {
    const body = { a: 1 };
    const view = buildRequestView({ request: new Request("http://x/"), body });
    body.a = 2;
    expect((view.body as { a: number }).a).toBe(1);
  });

  test("checklist 22: query params, last value wins, decoded", () => {
    const view = buildRequestView({ request: new Request("http://x/adapters?name=q1&name=q2&src=a%20b+c&empty=") });
    expect({ ...view.query_params }).toEqual({ name: "q2", src: "a b c", empty: "" });
    expect(Object.keys(buildRequestView({ request: new Request("http://x/adapters") }).query_params)).toEqual([]);
  });

  test("a path param named like a prototype member is plain data", () => {
    // An object literal's `__proto__: "p"` sets no key; a router's parsed params can hold a real one.
    const pathParams = Object.fromEntries([["__proto__", "p"], ["constructor", "c"]]) as Record<string, string>;
    expect(Object.keys(pathParams)).toEqual(["__proto__", "constructor"]);
    const view = buildRequestView({ request: new Request("http://x/"), pathParams });
    expect(Object.getPrototypeOf(view.path_params)).toBeNull();
    expect(Object.entries(view.path_params)).toEqual([["__proto__", "p"], ["constructor", "c"]]);
  });
});

describe("headerView", () => {
  test("case-insensitive lookups, lowercase keys", () => {
    const headers = headerView(new Headers({ "X-Amzn-SageMaker-Adapter-Identifier": "ad1", "Content-Type": "application/json" }));
    expect(headers["X-Amzn-SageMaker-Adapter-Identifier"]).toBe("ad1");
    expect(headers["x-amzn-sagemaker-adapter-identifier"]).toBe("ad1");
    expect("CONTENT-TYPE" in headers).toBe(true);
    expect(Object.keys(headers).sort()).toEqual(["content-type", "x-amzn-sagemaker-adapter-identifier"]);
    expect(headers["constructor"]).toBeUndefined();
  });

  test("a repeated SageMaker header resolves to its first value, as Starlette does; other headers keep the joined list", () => {
    const raw = new Headers();
    raw.append("X-Amzn-SageMaker-Adapter-Identifier", "a");
    raw.append("X-Amzn-SageMaker-Adapter-Identifier", "b");
    raw.append("Accept", "text/plain");
    raw.append("Accept", "application/json");
    const headers = headerView(raw);
    expect(headers["x-amzn-sagemaker-adapter-identifier"]).toBe("a");
    expect(headers.accept).toBe("text/plain, application/json");
  });

  test("is read-only", () => {
    const headers = headerView(new Headers({ a: "1" })) as Record<string, string>;
    expect(() => {
      headers.a = "2";
    }).toThrow(TypeError);
  });
});

test("toViewJson drops what JSON cannot hold", () => {
  expect(toViewJson({ f: () => 1, n: Number.NaN, ok: [true, "s", 1] })).toEqual(Object.assign(Object.create(null), { f: null, n: null, ok: [true, "s", 1] }));
});
