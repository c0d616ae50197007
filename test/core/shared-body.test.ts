// The wrappers share one read of the body and one parse per wrapper step (src/_internal/shared-body.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSageMakerHandler } from "../../src/handler.ts";
import { createMemorySessionStore, injectAdapterId, statefulSessionManager } from "../../src/index.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A native Request that counts what is done to it. */
class CountingRequest extends Request {
  clones = 0;
  reads = 0;
  override clone(): Request {
    this.clones++;
    return super.clone();
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.reads++;
    return super.arrayBuffer();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("one body read through the wrapper chain", () => {
  it("session manager + injectAdapterId: the body is read once, never cloned, and the handler gets a fresh request", async () => {
    const seen: Array<{ bodyUsed: boolean; contentLength: string | null; json: unknown }> = [];
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      // The memory store: the file store (the default under Node) parses its own records, which are not bodies.
      sessions: { enabled: true, store: createMemorySessionStore() },
      invocations: statefulSessionManager()(
        injectAdapterId("model")(async (request, context) => {
          seen.push({ bodyUsed: request.bodyUsed, contentLength: request.headers.get("content-length"), json: await request.json() });
          return { inSession: context.session !== undefined };
        }),
      ),
    });
    const post = (body: string, headers: Record<string, string> = {}) =>
      // With a Content-Length, as from a client: the pipeline's body limit then passes this very request on.
      new CountingRequest("http://x/invocations", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers },
      });
    const created = await handler.fetch(post(JSON.stringify({ requestType: "NEW_SESSION" })));
    const id = created.headers.get("x-amzn-sagemaker-new-session-id")!.split(";")[0]!;

    const request = post(JSON.stringify({ prompt: "hi" }), { "x-amzn-sagemaker-session-id": id, "x-amzn-sagemaker-adapter-identifier": "a1" });
    const parse = vi.spyOn(JSON, "parse");
    const response = await handler.fetch(request);
    const parses = parse.mock.calls.length;
    expect(await response.json()).toEqual({ inSession: true });
    expect(request.clones).toBe(0);
    expect(request.reads).toBe(1);
    // injectAdapterId parses once, the handler's request.json() once.
    expect(parses).toBe(2);
    const injected = JSON.stringify({ prompt: "hi", model: "a1" });
    expect(seen).toEqual([{ bodyUsed: false, contentLength: String(injected.length), json: { prompt: "hi", model: "a1" } }]);
    await handler.close();
  });

  it("a body that is not JSON still reaches the handler intact through the session manager", async () => {
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      sessions: { enabled: true },
      invocations: statefulSessionManager()(async (request) => ({ text: await request.text(), stream: request.body === null ? "none" : "stream" })),
    });
    const created = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }));
    const id = created.headers.get("x-amzn-sagemaker-new-session-id")!.split(";")[0]!;
    const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: "a,b\n1,2", headers: { "x-amzn-sagemaker-session-id": id } }));
    expect(await response.json()).toEqual({ text: "a,b\n1,2", stream: "stream" });
    await handler.close();
  });
});

/** A body with no Content-Length, in `chunks` pieces, as an in-process caller or a chunked upload sends it. */
function chunked(text: string, chunks = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / chunks);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
      controller.close();
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  new Request("http://x/invocations", { method: "POST", body, headers, signal, duplex: "half" } as RequestInit);

describe("the body limit when wrappers read the body (no Content-Length)", () => {
  const padded = (size: number) => JSON.stringify({ pad: "x".repeat(size - 10) });

  it("a wrapper reading through the kit counts the body: over the limit is 413 and the handler never runs", async () => {
    let calls = 0;
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      maxRequestBytes: 1000,
      sessions: { enabled: true, store: createMemorySessionStore() },
      invocations: statefulSessionManager()(
        injectAdapterId("model")(async (request) => {
          calls++;
          return request.json();
        }),
      ),
    });
    for (const body of [padded(1001), chunked(padded(1500), 4)]) {
      const over = await handler.fetch(post(body, { "x-amzn-sagemaker-adapter-identifier": "a1" }));
      expect(over.status).toBe(413);
      expect((await over.json()).detail).toContain("1000 bytes");
    }
    expect(calls).toBe(0);
    const within = await handler.fetch(post(chunked(padded(1000), 4), { "x-amzn-sagemaker-adapter-identifier": "a1" }));
    expect(await within.json()).toEqual({ pad: "x".repeat(990), model: "a1" });
    await handler.close();
  });

  it("a wrapper that passes the body on unread leaves the counting to the handler's reads", async () => {
    // injectAdapterId without the header reads nothing: the handler's own read is what is counted.
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      maxRequestBytes: 1000,
      invocations: injectAdapterId("model")(async (request) => ({ length: (await request.text()).length })),
    });
    const over = await handler.fetch(post(chunked(padded(1200))));
    expect(over.status).toBe(413);
    expect(await (await handler.fetch(post(chunked(padded(1000))))).json()).toEqual({ length: 1000 });
    await handler.close();
  });

  it("the handler's fresh request follows the caller's signal", async () => {
    let aborted: Promise<unknown> | undefined;
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      sessions: { enabled: true, store: createMemorySessionStore() },
      invocations: statefulSessionManager()(
        injectAdapterId("model")(async (request) => {
          aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve(request.signal.reason), { once: true }));
          return { bodyUsed: request.bodyUsed, body: await request.json() };
        }),
      ),
    });
    const caller = new AbortController();
    const response = await handler.fetch(post('{"prompt":"hi"}', { "x-amzn-sagemaker-adapter-identifier": "a1" }, caller.signal));
    expect(await response.json()).toEqual({ bodyUsed: false, body: { prompt: "hi", model: "a1" } });
    caller.abort(new Error("caller left"));
    expect(((await aborted) as Error).message).toBe("caller left");
    await handler.close();
  });
});
