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
