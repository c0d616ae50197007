// The Node listener's one-write path for the library's own string bodies, against real sockets.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSageMakerHandler, toNodeListener } from "../../runtimes/node/index.ts";

let server: Server;
let base: string;

beforeAll(async () => {
  const handler = createSageMakerHandler({
    env: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ping: () => ({ status: "héalthy ✓" }),
    invocations: async (request) => {
      const body = (await request.json()) as { text?: string; stream?: number };
      if (body.stream) {
        const chunk = new TextEncoder().encode("x".repeat(body.stream));
        return new Response(new ReadableStream({ start: (c) => (c.enqueue(chunk), c.enqueue(chunk), c.close()) }));
      }
      return body.text ?? body;
    },
    middlewares: [
      async (request, next) => {
        const response = await next(request);
        if (request.headers.get("x-inspect") === "1") {
          // What a middleware sees of the library's own answers must be a native Response in every way.
          const copy = response.clone();
          const view = {
            instanceOfResponse: response instanceof Response,
            tag: Object.prototype.toString.call(response),
            status: response.status,
            ok: response.ok,
            type: response.type,
            bodyIsStream: copy.body instanceof ReadableStream,
            cloned: await copy.json(),
            rebuilt: await new Response(response.body, response).json(),
          };
          return Response.json(view);
        }
        response.headers.set("x-added-by-middleware", "yes");
        return response;
      },
    ],
  });
  await handler.ready();
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("Node listener sending library-built bodies", () => {
  it("sends JSON with an exact byte Content-Length, multibyte text intact", async () => {
    const response = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ status: "héalthy ✓" });
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-added-by-middleware")).toBe("yes");
  });

  it("sends a string result as text/plain and an error's headers with its status", async () => {
    const text = await fetch(`${base}/invocations`, { method: "POST", body: '{"text":"plain ü"}' });
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe("plain ü");
    const wrongMethod = await fetch(`${base}/invocations`, { method: "GET" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(await wrongMethod.json()).toEqual({ detail: "Method Not Allowed" });
  });

  it("answers HEAD without a body and still streams handler-made streams", async () => {
    const head = await fetch(`${base}/ping`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const streamed = await fetch(`${base}/invocations`, { method: "POST", body: '{"stream":70000}' });
    expect(streamed.headers.get("content-length")).toBeNull();
    expect((await streamed.text()).length).toBe(140_000);
  });

  it("the library's answers behave as native Responses for middlewares (instanceof, clone, body, new Response(r.body, r))", async () => {
    const response = await fetch(`${base}/ping`, { headers: { "x-inspect": "1" } });
    expect(await response.json()).toEqual({
      instanceOfResponse: true,
      tag: "[object Response]",
      status: 200,
      ok: true,
      type: "default",
      bodyIsStream: true,
      cloned: { status: "héalthy ✓" },
      rebuilt: { status: "héalthy ✓" },
    });
  });

  it("sends the standard reason phrase", async () => {
    const { request } = await import("node:http");
    const statusMessage = await new Promise<string | undefined>((resolve, reject) => {
      request(`${base}/nowhere`, (response) => {
        response.resume();
        resolve(response.statusMessage);
      })
        .on("error", reject)
        .end();
    });
    expect(statusMessage).toBe("Not Found");
  });
});
