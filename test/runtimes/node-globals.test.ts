// The Node shim hands handlers its own lazy Request; once a listener exists, the global `Request` and
// `fetch` must take those requests as they take native ones, and must still look like the originals.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSageMakerHandler, serve, toNodeListener } from "../../runtimes/node/index.ts";
import { injectAdapterId } from "../../src/index.ts";
import type { Handler } from "../../src/index.ts";
import { quietServe } from "../support/harness.ts";

// Captured before any listener exists in this process (vitest runs each file in its own fork).
const originalFetch = globalThis.fetch;
const OriginalRequest = globalThis.Request;
const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, "fetch");

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const env = { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" };

/** What the second hop of `fetch(request)` saw: it is the same server, reached again through the global fetch. */
async function describeHop(request: Request): Promise<Response> {
  return new Response(`${request.method} ${new URL(request.url).pathname} x-test=${request.headers.get("x-test")} body=${await request.text()}`);
}

/** First call: `forwardWith(request)`; the nested call it makes answers with what it received. */
function forwardingHandler(forwardWith: (request: Request) => Promise<Response>): Handler {
  let calls = 0;
  return async (request) => {
    calls += 1;
    if (calls > 1) return describeHop(request);
    try {
      return new Response(`forwarded: ${await (await forwardWith(request)).text()}`);
    } catch (error) {
      return new Response(`rejected: ${(error as Error).name}: ${(error as Error).message}`);
    }
  };
}

async function viaServe(invocations: Handler): Promise<string> {
  const server = await serve(createSageMakerHandler({ env, invocations }), quietServe);
  closers.push(() => server.close());
  return `http://127.0.0.1:${server.port}`;
}

async function viaListener(invocations: Handler): Promise<string> {
  const handler = createSageMakerHandler({ env, invocations });
  await handler.ready();
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await handler.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function invoke(base: string, body: string): Promise<string> {
  const response = await fetch(`${base}/invocations`, { method: "POST", body, headers: { "x-test": "original" }, signal: AbortSignal.timeout(20_000) });
  return response.text();
}

describe.each([
  ["serve()", viaServe],
  ["toNodeListener()", viaListener],
])("the global fetch with a received request, under %s", (_name, start) => {
  it("fetch(request) sends its method, URL, headers and unread body", async () => {
    const base = await start(forwardingHandler((request) => fetch(request)));
    expect(await invoke(base, "hello")).toBe("forwarded: POST /invocations x-test=original body=hello");
  });

  it("fetch(request, init) lets init override, as natively", async () => {
    const base = await start(forwardingHandler((request) => fetch(request, { headers: { "x-test": "changed" } })));
    expect(await invoke(base, "hello")).toBe("forwarded: POST /invocations x-test=changed body=hello");
  });

  it("fetch(request) after the body was read rejects with a TypeError, as natively", async () => {
    const base = await start(
      forwardingHandler(async (request) => {
        await request.text();
        return fetch(request);
      }),
    );
    expect(await invoke(base, "hello")).toMatch(/^rejected: TypeError: .*already been used/);
  });

  it("fetch(request) behind a wrapper sends the body the wrapper handed on (adapter id injected)", async () => {
    let calls = 0;
    const handler: Handler = injectAdapterId("model")(async (request) => {
      calls += 1;
      if (calls > 1) return describeHop(request);
      return new Response(`forwarded: ${await (await fetch(request)).text()}`);
    });
    const base = await start(handler);
    const response = await fetch(`${base}/invocations`, {
      method: "POST",
      body: '{"prompt":"hi"}',
      headers: { "x-test": "original", "x-amzn-sagemaker-adapter-identifier": "lora-a" },
      signal: AbortSignal.timeout(20_000),
    });
    expect(await response.text()).toBe('forwarded: POST /invocations x-test=original body={"prompt":"hi","model":"lora-a"}');
  });

  it("new Request(url, request) takes the received request as its init", async () => {
    const base = await start(forwardingHandler((request) => fetch(new Request(request.url, request))));
    expect(await invoke(base, "hello")).toBe("forwarded: POST /invocations x-test=original body=hello");
  });
});

describe("the replaced globals look like the originals", () => {
  it("fetch keeps its name, length and property shape, and still fetches plain URLs", async () => {
    const base = await viaServe(async (request) => request.text());
    expect(globalThis.fetch).not.toBe(originalFetch);
    expect(globalThis.fetch.name).toBe(originalFetch.name);
    expect(globalThis.fetch.length).toBe(originalFetch.length);
    const { value: _replaced, ...shape } = Object.getOwnPropertyDescriptor(globalThis, "fetch")!;
    const { value: _original, ...originalShape } = fetchDescriptor!;
    expect(shape).toEqual(originalShape);
    expect(await (await fetch(`${base}/invocations`, { method: "POST", body: "plain" })).text()).toBe("plain");
  });

  it("Request keeps its prototype, name and length; native and subclassed requests are unchanged", async () => {
    await viaServe(async () => "ok");
    expect(globalThis.Request).not.toBe(OriginalRequest);
    expect(Request.prototype).toBe(OriginalRequest.prototype);
    expect(Request.name).toBe("Request");
    expect(Request.length).toBe(OriginalRequest.length);
    const plain = new Request("http://x.test/a", { method: "POST", body: "b" });
    expect(plain).toBeInstanceOf(OriginalRequest);
    expect(plain.constructor).toBe(OriginalRequest);
    class Tagged extends Request {
      readonly tag = "t";
    }
    const tagged = new Tagged("http://x.test/b");
    expect(tagged).toBeInstanceOf(Tagged);
    expect(tagged.tag).toBe("t");
    expect(new URL(tagged.url).pathname).toBe("/b");
    expect(() => (Request as unknown as () => unknown)()).toThrow(TypeError);
  });
});
