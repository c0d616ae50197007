/**
 * ref-lora-transforms section 5, items 56-84: `injectAdapterId`. DEVIATE items follow section 6 and are
 * listed in docs/lora.md.
 */
import { describe, expect, test } from "vitest";
import { createSageMakerHandler } from "../../src/handler.ts";
import { SageMakerConfigError } from "../../src/errors.ts";
import { injectAdapterId } from "../../src/index.ts";
import type { InjectAdapterIdOptions } from "../../src/index.ts";
import { silentLogger } from "./_client.ts";

const ID = "X-Amzn-SageMaker-Adapter-Identifier";

interface Received {
  json: unknown;
  text: string;
  contentLength: string | null;
  contentType: string | null;
  same: boolean;
}

/** Serves `injectAdapterId(path, options)` around a handler that reports what it received. */
function injecting(path: string, options?: InjectAdapterIdOptions) {
  let original: Request | undefined;
  const handler = createSageMakerHandler({
    logger: silentLogger,
    middlewares: [
      (request, next) => {
        original = request;
        return next(request);
      },
    ],
    invocations: injectAdapterId(path, options)(async (request) => {
      const text = await request.clone().text();
      let json: unknown;
      try {
        json = await request.json();
      } catch {
        json = "<not json>";
      }
      return {
        json,
        text,
        contentLength: request.headers.get("content-length"),
        contentType: request.headers.get("content-type"),
        same: request === original,
      } as Received as unknown as object;
    }),
  });
  return async (body: string | Uint8Array<ArrayBuffer> | undefined, headers: Record<string, string> = {}) => {
    const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body, headers }));
    const payload = (await response.json()) as Received & { detail?: string };
    return { status: response.status, received: payload, detail: payload.detail };
  };
}

describe("replace mode", () => {
  const send = injecting("model");

  test("56/57/58: the header lands in the body, whatever the header name's case", async () => {
    expect((await send('{"model":"test"}', { [ID]: "adapter-123" })).received.json).toEqual({ model: "adapter-123" });
    expect((await send('{"prompt":"test"}', { [ID]: "adapter-123" })).received.json).toEqual({ prompt: "test", model: "adapter-123" });
    expect((await send('{"prompt":"test"}', { [ID.toLowerCase()]: "lower" })).received.json).toEqual({ prompt: "test", model: "lower" });
  });

  test("59 (DEVIATE 6.1): without the header the request is untouched (the reference wrote model: null)", async () => {
    const { received } = await send('{"prompt":"p","model":"base"}');
    expect(received.same).toBe(true);
    expect(received.json).toEqual({ prompt: "p", model: "base" });
  });

  test("60 (DEVIATE 6.1): an empty header counts as absent (the reference injected \"\")", async () => {
    const { received } = await send('{"model":"base"}', { [ID]: "" });
    expect(received.same).toBe(true);
    expect(received.json).toEqual({ model: "base" });
  });

  test("70/72 (DEVIATE 6.3): without the header, empty, CSV and binary bodies reach the handler untouched", async () => {
    for (const body of [undefined, "a,b\n1,2", new Uint8Array([0xff, 0x00, 0x01])]) {
      const { status, received } = await send(body);
      expect(status).toBe(200);
      expect(received.same).toBe(true);
    }
  });

  test("70/71: with the header, an empty or malformed body is 400 JSON decode error", async () => {
    const empty = await send("", { [ID]: "a" });
    expect([empty.status, empty.detail]).toEqual([400, "JSON decode error: Expecting value: line 1 column 1 (char 0)"]);
    const malformed = await send("{invalid json}", { [ID]: "a" });
    expect(malformed.status).toBe(400);
    expect(malformed.detail).toMatch(/^JSON decode error/);
    const binary = await send(new Uint8Array([0x7b, 0xff, 0x7d]), { [ID]: "a" });
    expect([binary.status, binary.detail]).toEqual([400, "JSON decode error: request body is not valid UTF-8"]);
  });

  test("73 (DEVIATE 6.4): JSON that is not an object is 400, not 500", async () => {
    for (const body of ["[1,2]", "null", '"s"', "7"]) {
      const { status, detail } = await send(body, { [ID]: "a" });
      expect(status).toBe(400);
      expect(detail).toMatch(/must be a JSON object/);
    }
  });

  test("75/76 (DEVIATE 6.6): json() and text() agree, and content-length is the new body's", async () => {
    const { received } = await send('{"prompt":"h\u00e9llo"}', { [ID]: "ad1", "content-type": "application/json", "content-length": "20" });
    expect(received.same).toBe(false);
    expect(JSON.parse(received.text)).toEqual(received.json);
    expect(Number(received.contentLength)).toBe(new TextEncoder().encode(received.text).byteLength);
    expect(received.contentType).toBe("application/json");
    expect(received.json).toEqual({ prompt: "h\u00e9llo", model: "ad1" });
  });

  test("a repeated identifier header resolves to its first value (Starlette's rule)", async () => {
    const headers = new Headers({ "content-type": "application/json" });
    headers.append(ID, "a");
    headers.append(ID, "b");
    expect((await send("{}", Object.fromEntries(headers))).received.json).toEqual({ model: "a" });
  });

  test("DEVIATE 6.14: an identifier with control characters or over 256 characters is a 400 naming the header", async () => {
    const { status, detail } = await send("{}", { [ID]: "a".repeat(257) });
    expect(status).toBe(400);
    expect(detail).toMatch(/X-Amzn-SageMaker-Adapter-Identifier/);
    expect((await send("{}", { [ID]: "org/adapter" })).received.json).toEqual({ model: "org/adapter" });
  });
});

describe("nested targets", () => {
  test("61: an existing parent keeps its siblings", async () => {
    const send = injecting("body.model.lora_name");
    const { received } = await send('{"body":{"model":{"base_name":"b"}}}', { [ID]: "ad1" });
    expect(received.json).toEqual({ body: { model: { base_name: "b", lora_name: "ad1" } } });
  });

  test("62 (DEVIATE 6.2): missing parents are created; without the header nothing happens", async () => {
    const send = injecting("metadata.adapter.id");
    expect((await send('{"p":1}', { [ID]: "ad1" })).received.json).toEqual({ p: 1, metadata: { adapter: { id: "ad1" } } });
    expect((await send('{"p":1}')).received.json).toEqual({ p: 1 });
  });

  test("62 (DEVIATE 6.4): a parent that is not an object is a 400 naming it", async () => {
    const send = injecting("model.name");
    const { status, detail } = await send('{"model":"base"}', { [ID]: "ad1" });
    expect(status).toBe(400);
    expect(detail).toBe("Cannot inject the adapter id at 'model.name': 'model' is not a JSON object");
  });

  test("a `__proto__` key in the body is data, not a prototype", async () => {
    const send = injecting("model");
    const { received } = await send('{"__proto__":{"polluted":true},"model":"m"}', { [ID]: "ad1" });
    expect(JSON.parse(received.text)).toEqual(JSON.parse('{"__proto__":{"polluted":true},"model":"ad1"}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("append mode", () => {
  test("63: existing value, separator, id", async () => {
    const send = injecting("model", { append: true, separator: ":" });
    expect((await send('{"model":"Qwen-7B"}', { [ID]: "my-lora-adapter" })).received.json).toEqual({ model: "Qwen-7B:my-lora-adapter" });
  });

  test("64: an empty separator joins directly", async () => {
    const send = injecting("model", { append: true, separator: "" });
    expect((await send('{"model":"base"}', { [ID]: "suffix" })).received.json).toEqual({ model: "basesuffix" });
  });

  test("65/68: a missing or null field gets the id alone; other fields are kept", async () => {
    const send = injecting("model", { append: true, separator: ":" });
    expect((await send('{"prompt":"p"}', { [ID]: "ad1" })).received.json).toEqual({ prompt: "p", model: "ad1" });
    expect((await send('{"model":null}', { [ID]: "ad1" })).received.json).toEqual({ model: "ad1" });
  });

  test("66/67: no header or an empty one leaves the request untouched", async () => {
    const send = injecting("model", { append: true, separator: ":" });
    expect((await send('{"model":"base"}')).received.same).toBe(true);
    expect((await send('{"model":"base"}', { [ID]: "" })).received.same).toBe(true);
  });

  test("68 (DEVIATE 6.5): numbers and booleans are joined as JSON text; objects are a 400", async () => {
    const send = injecting("model", { append: true, separator: ":" });
    expect((await send('{"model":7}', { [ID]: "ad1" })).received.json).toEqual({ model: "7:ad1" });
    expect((await send('{"model":false}', { [ID]: "ad1" })).received.json).toEqual({ model: "false:ad1" });
    const object = await send('{"model":{"a":1}}', { [ID]: "ad1" });
    expect(object.status).toBe(400);
    expect(object.detail).toMatch(/Cannot append the adapter id to 'model'/);
  });

  test("DEVIATE 6.5: the append target uses the same dot-path grammar as replace (a hyphenated key works)", async () => {
    const send = injecting("my-model", { append: true, separator: ":" });
    expect((await send('{"my-model":"base"}', { [ID]: "ad1" })).received.json).toEqual({ "my-model": "base:ad1" });
  });
});

test("74: the handler's response passes through unchanged, streams included", async () => {
  const encoder = new TextEncoder();
  const handler = createSageMakerHandler({
    logger: silentLogger,
    invocations: injectAdapterId("model")(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(encoder.encode("data: 1\n\n"));
              controller.enqueue(encoder.encode("data: 2\n\n"));
              controller.close();
            },
          }),
          { status: 207, headers: { "content-type": "text/event-stream", "x-engine": "e" } },
        ),
    ),
  });
  const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: "{}", headers: { [ID]: "a" } }));
  expect(response.status).toBe(207);
  expect(response.headers.get("x-engine")).toBe("e");
  expect(await response.text()).toBe("data: 1\n\ndata: 2\n\n");
});

describe("arguments (78-82)", () => {
  const fails = (run: () => unknown, message: string) => {
    expect(run).toThrow(SageMakerConfigError);
    expect(run).toThrow(message);
  };

  test("78/79: empty or non-string paths", () => {
    fails(() => injectAdapterId(""), "adapter_path cannot be empty");
    fails(() => injectAdapterId(null as unknown as string), "adapter_path cannot be empty");
    fails(() => injectAdapterId(123 as unknown as string), "adapter_path must be a string");
  });

  test("80/81: separator and append must agree", () => {
    fails(() => injectAdapterId("model", { append: true }), "separator must be provided when append=True");
    fails(() => injectAdapterId("model", { append: false, separator: ":" }), "separator is specified : but append=False");
    fails(() => injectAdapterId("model", { append: true, separator: 1 as unknown as string }), "separator must be a string");
  });

  test("82: valid combinations, including separator '' without append (accepted, as in the reference)", () => {
    expect(typeof injectAdapterId("model", { append: true, separator: ":" })).toBe("function");
    expect(typeof injectAdapterId("body.model.lora_name")).toBe("function");
    expect(typeof injectAdapterId("model", { separator: "" })).toBe("function");
  });

  test("DEVIATE 6.5: the path is validated once as a dot path", () => {
    fails(() => injectAdapterId("a..b"), "adapter_path 'a..b' has an empty segment");
    fails(() => injectAdapterId("__proto__.x"), "reserved segment");
    fails(() => injectAdapterId("model", { apend: true } as never), "unknown option 'apend'");
    fails(() => injectAdapterId("model")(undefined as never), "must wrap a handler function");
  });
});
