// A handler that answers at once is answered at once: the shims' synchronous entry (ANSWER_NOW), and the
// Node listener writing such an answer before it returns.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { answererOf } from "../../src/_internal/wire.ts";
import { createSageMakerHandler, toNodeListener } from "../../runtimes/node/index.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("answering in the same turn", () => {
  it("a value from a synchronous handler comes back as a Response, not a Promise; anything async as a Promise", async () => {
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      ping: () => ({ status: "healthy" }),
      invocations: async (request) => request.json(),
    });
    await handler.ready();
    const answer = answererOf(handler);
    const ping = answer(new Request("http://x/ping"));
    expect(ping).toBeInstanceOf(Response);
    expect(await (ping as Response).json()).toEqual({ status: "healthy" });
    const head = answer(new Request("http://x/ping", { method: "HEAD" }));
    expect([(head as Response).status, (head as Response).body]).toEqual([200, null]);
    const invoked = answer(new Request("http://x/invocations", { method: "POST", body: '{"a":1}' }));
    expect(invoked).toBeInstanceOf(Promise);
    expect(await (await invoked).json()).toEqual({ a: 1 });
    // The public fetch keeps its contract: always a Promise.
    expect(handler.fetch(new Request("http://x/ping"))).toBeInstanceOf(Promise);
    await handler.close();
  });

  it("errors, 404s and middlewares keep their answers on the synchronous entry", async () => {
    const handler = createSageMakerHandler({
      env: {},
      logger: silent,
      ping: () => {
        throw new Error("boom");
      },
    });
    await handler.ready();
    const answer = answererOf(handler);
    const failed = await answer(new Request("http://x/ping"));
    expect([failed.status, await failed.json()]).toEqual([500, { detail: "Internal Server Error" }]);
    const missing = await answer(new Request("http://x/nowhere"));
    expect(missing.status).toBe(404);
    await handler.close();

    const wrapped = createSageMakerHandler({ env: {}, logger: silent, ping: () => "pong", middlewares: [(request, next) => next(request)] });
    await wrapped.ready();
    const viaMiddleware = answererOf(wrapped)(new Request("http://x/ping"));
    expect(viaMiddleware).toBeInstanceOf(Promise);
    expect(await (await viaMiddleware).text()).toBe("pong");
    await wrapped.close();
  });

  it("a plain { fetch } still works through answererOf", async () => {
    const answer = answererOf({ fetch: async () => new Response("plain") });
    expect(await (await answer(new Request("http://x/"))).text()).toBe("plain");
  });

  it("the Node listener has written a synchronous answer before it returns", async () => {
    const handler = createSageMakerHandler({ env: {}, logger: silent, ping: () => ({ status: "healthy" }), invocations: async () => ({ later: true }) });
    await handler.ready();
    const listener = toNodeListener(handler);
    const endedInListener: Record<string, boolean> = {};
    const server = createServer((request, response) => {
      listener(request, response);
      endedInListener[request.url ?? ""] = response.writableEnded;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/ping`)).json()).toEqual({ status: "healthy" });
      expect(await (await fetch(`${base}/invocations`, { method: "POST", body: "{}" })).json()).toEqual({ later: true });
      expect(endedInListener).toEqual({ "/ping": true, "/invocations": false });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    }
  });
});
