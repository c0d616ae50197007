// Routing, return-value conversion, errors and the body limit, in process and over a Node socket.
// Checklist items are ref-core section 8; "deviation" marks a behaviour we change on purpose (API.md).
import { expect, it } from "vitest";
import { HttpError } from "../../runtimes/node/index.ts";
import { describeMatrix, memoryLogger } from "../support/harness.ts";

const env = {}; // no customer code: nothing under /opt/ml/model is read

const frameworkPing = { status: "healthy", source: "vllm_default", message: "Default ping from vLLM server" };

describeMatrix("routes", (t) => {
  it("item 77: no handler at any level -> /ping and /invocations are 404 Not Found", async () => {
    const c = await t.start({ env });
    for (const [path, method] of [["/ping", "GET"], ["/invocations", "POST"], ["/adapters", "POST"], ["/nope", "GET"]] as const) {
      const response = await c.fetch(path, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail: "Not Found" });
    }
  });

  it("item 7: framework defaults only -> they serve /ping and /invocations", async () => {
    const c = await t.start({
      env,
      ping: () => frameworkPing,
      invocations: () => ({ predictions: ["Default vLLM response"], source: "vllm_default" }),
    });
    const ping = await c.fetch("/ping");
    expect(ping.status).toBe(200);
    expect(ping.headers.get("content-type")).toBe("application/json");
    expect(await ping.json()).toEqual(frameworkPing);
    const invoke = await c.fetch("/invocations", { method: "POST", body: JSON.stringify({ prompt: "Hello world" }) });
    expect(await invoke.json()).toEqual({ predictions: ["Default vLLM response"], source: "vllm_default" });
  });

  it("item 78 (deviation): we own /ping: POST /ping is ours, HEAD /ping answers like GET without a body, PUT is 405 + Allow", async () => {
    let calls = 0;
    const c = await t.start({
      env,
      ping: () => {
        calls++;
        return new Response("pong", { headers: { "x-from": "ping" } });
      },
      fallback: () => new Response("engine", { status: 299 }),
    });
    const post = await c.fetch("/ping", { method: "POST" });
    expect([post.status, await post.text()]).toEqual([200, "pong"]);
    const head = await c.fetch("/ping", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-from")).toBe("ping");
    expect(await head.text()).toBe("");
    expect(calls).toBe(2); // POST and HEAD both reached the ping handler
    const put = await c.fetch("/ping", { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await put.json()).toEqual({ detail: "Method Not Allowed" });
  });

  it("a wrong method on /invocations is 405 with Allow: POST even when a fallback exists", async () => {
    const c = await t.start({ env, invocations: () => "ok", fallback: () => new Response("engine") });
    const get = await c.fetch("/invocations");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toEqual({ detail: "Method Not Allowed" });
  });

  it("unowned paths and library paths without a handler go to fallback, query string intact", async () => {
    const seen: string[] = [];
    const c = await t.start({
      env,
      ping: () => "ok",
      fallback: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
        return Response.json({ engine: true }, { status: 201 });
      },
    });
    const models = await c.fetch("/v1/models?x=1");
    expect([models.status, await models.json()]).toEqual([201, { engine: true }]);
    const invoke = await c.fetch("/invocations", { method: "POST", body: "{}" });
    expect(invoke.status).toBe(201);
    expect(seen).toEqual(["GET /v1/models?x=1", "POST /invocations"]);
  });

  it("a logger that throws while an error is logged still gets a 500 answer, never a rejection", async () => {
    let throwing = false;
    const logger = { ...memoryLogger(), error: (message: string) => {
      if (throwing) throw new Error(`logger down: ${message}`);
    } };
    const c = await t.start({
      env,
      logger,
      ping: () => {
        throw new Error("sync failure");
      },
      invocations: async () => {
        await Promise.resolve();
        throw new Error("async failure");
      },
    });
    throwing = true;
    for (const [path, method] of [["/ping", "GET"], ["/invocations", "POST"], ["/ping", "HEAD"]] as const) {
      const response = await c.fetch(path, { method });
      expect([path, method, response.status]).toEqual([path, method, 500]);
      expect(await response.text()).toBe(method === "HEAD" ? "" : '{"detail":"Internal Server Error"}');
    }
  });

  it("routes by the path alone when the query string holds a URL", async () => {
    const seen: string[] = [];
    const c = await t.start({
      env,
      ping: () => "pong",
      invocations: (request) => new URL(request.url).searchParams.get("src"),
      fallback: (request) => {
        seen.push(new URL(request.url).pathname);
        return new Response("engine");
      },
    });
    const ping = await c.fetch("/ping?next=http://example.com/invocations");
    expect([ping.status, await ping.text()]).toEqual([200, "pong"]);
    const invoke = await c.fetch("/invocations?src=s3://bucket/ping", { method: "POST" });
    expect([invoke.status, await invoke.text()]).toEqual([200, "s3://bucket/ping"]);
    const engine = await c.fetch("/v1/models?u=http://host/ping");
    expect([engine.status, await engine.text()]).toEqual([200, "engine"]);
    expect(seen).toEqual(["/v1/models"]);
  });

  it("item 79 (deviation): return values convert per API.md (string is text/plain, undefined is empty)", async () => {
    const results: Record<string, unknown> = {
      "/s": "OK",
      "/u": undefined,
      "/n": null,
      "/num": 42,
      "/b": false,
      "/a": [1, "two"],
      "/o": { nested: { x: 1 } },
    };
    const c = await t.start({
      env,
      invocations: (request) => results[new URL(request.url).searchParams.get("k") ?? ""] as never,
    });
    const call = (k: string) => c.fetch(`/invocations?k=${encodeURIComponent(k)}`, { method: "POST" });
    const text = await call("/s");
    expect([text.status, text.headers.get("content-type"), await text.text()]).toEqual([200, "text/plain; charset=utf-8", "OK"]);
    const empty = await call("/u");
    expect([empty.status, await empty.text()]).toEqual([200, ""]);
    for (const k of ["/n", "/num", "/b", "/a", "/o"]) {
      const response = await call(k);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual(results[k]);
    }
  });

  it("a Response is sent as is: status, headers and a streamed body", async () => {
    const c = await t.start({
      env,
      invocations: () => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const part of ["data: 1\n\n", "data: 2\n\n"]) controller.enqueue(encoder.encode(part));
            controller.close();
          },
        });
        return new Response(body, { status: 202, headers: { "content-type": "text/event-stream", "x-custom": "yes" } });
      },
    });
    const response = await c.fetch("/invocations", { method: "POST" });
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-custom")).toBe("yes");
    expect(await response.text()).toBe("data: 1\n\ndata: 2\n\n");
  });

  it("HttpError keeps status, detail and headers; any other throw is a 500 whose text stays in the log (item 80, deviation)", async () => {
    const logger = memoryLogger();
    const c = await t.start({
      env,
      logger,
      ping: () => {
        throw new HttpError(429, "slow down", { headers: { "retry-after": "3" } });
      },
      invocations: () => {
        throw new Error("secret database password in message");
      },
    });
    const ping = await c.fetch("/ping");
    expect([ping.status, ping.headers.get("retry-after"), await ping.json()]).toEqual([429, "3", { detail: "slow down" }]);
    const invoke = await c.fetch("/invocations", { method: "POST" });
    expect(invoke.status).toBe(500);
    const text = await invoke.text();
    expect(JSON.parse(text)).toEqual({ detail: "Internal Server Error" });
    expect(text).not.toContain("secret");
    expect(logger.lines.some((line) => line.startsWith("[ERROR]") && line.includes("secret database password"))).toBe(true);
  });

  it("errorFormatter renders library errors the engine's way; a 405 keeps its Allow header", async () => {
    const c = await t.start({
      env,
      invocations: () => {
        throw new HttpError(400, "bad prompt");
      },
      errorFormatter: (error) => Response.json({ error: { message: String(error.detail), code: error.status } }, { status: error.status }),
    });
    const bad = await c.fetch("/invocations", { method: "POST" });
    expect([bad.status, await bad.json()]).toEqual([400, { error: { message: "bad prompt", code: 400 } }]);
    const wrong = await c.fetch("/invocations", { method: "GET" });
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "POST"]);
    expect(await wrong.json()).toEqual({ error: { message: "Method Not Allowed", code: 405 } });
    const missing = await c.fetch("/elsewhere");
    expect(await missing.json()).toEqual({ error: { message: "Not Found", code: 404 } });
  });

  it("a throwing errorFormatter falls back to the default error body", async () => {
    const c = await t.start({
      env,
      logger: memoryLogger(),
      invocations: () => {
        throw new HttpError(409, "conflict");
      },
      errorFormatter: () => {
        throw new Error("formatter broke");
      },
    });
    const response = await c.fetch("/invocations", { method: "POST" });
    expect([response.status, await response.json()]).toEqual([409, { detail: "conflict" }]);
  });

  it("handlers get params, env, logger and a signal in their context", async () => {
    const c = await t.start({
      env: { MY_SETTING: "on" },
      invocations: (_request, context) => ({
        params: context.params,
        setting: context.env.MY_SETTING,
        aborted: context.signal.aborted,
        logs: typeof context.logger.info,
      }),
    });
    const response = await c.fetch("/invocations", { method: "POST" });
    expect(await response.json()).toEqual({ params: {}, setting: "on", aborted: false, logs: "function" });
  });
});

describeMatrix("request body limit", (t) => {
  const echoLength = async (request: Request) => ({ bytes: (await request.arrayBuffer()).byteLength });

  it("a declared Content-Length over maxRequestBytes is 413 before the handler runs", async () => {
    let called = false;
    const c = await t.start({
      env,
      maxRequestBytes: 100,
      invocations: () => {
        called = true;
        return "ran";
      },
    });
    // fetch() declares the length of a string body on the wire; an in-process Request only if told to.
    const declared = (n: number) => (t.mode === "in-process" ? { "content-length": String(n) } : undefined);
    const response = await c.fetch("/invocations", { method: "POST", body: "x".repeat(101), headers: declared(101) });
    expect(response.status).toBe(413);
    expect((await response.json()).detail).toContain("100 bytes");
    expect(called).toBe(false);
    const fits = await c.fetch("/invocations", { method: "POST", body: "x".repeat(100), headers: declared(100) });
    expect([fits.status, await fits.text()]).toEqual([200, "ran"]);
  });

  it("a streamed (chunked) body over the limit is 413, one within it passes", async () => {
    const c = await t.start({ env, maxRequestBytes: 1000, invocations: echoLength });
    const stream = (total: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let sent = 0; sent < total; sent += 300) controller.enqueue(new Uint8Array(Math.min(300, total - sent)));
          controller.close();
        },
      });
    const over = await c.fetch("/invocations", { method: "POST", body: stream(1500), duplex: "half" } as RequestInit);
    expect(over.status).toBe(413);
    expect((await over.json()).detail).toContain("1000 bytes");
    const within = await c.fetch("/invocations", { method: "POST", body: stream(900), duplex: "half" } as RequestInit);
    expect(await within.json()).toEqual({ bytes: 900 });
  });

  it("a handler that swallows the oversized-body error still answers 413", async () => {
    const c = await t.start({
      env,
      maxRequestBytes: 10,
      invocations: async (request) => {
        const body = await request.text().catch(() => "swallowed");
        return { body };
      },
    });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(64));
        controller.close();
      },
    });
    const response = await c.fetch("/invocations", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("an oversized body's 413 goes through errorFormatter once, whether the handler failed on it or swallowed it", async () => {
    const formatted: number[] = [];
    const errorFormatter = (error: HttpError) => {
      formatted.push(error.status);
      return Response.json({ error: { code: error.status } }, { status: error.status });
    };
    const oversized = () => ({ method: "POST", body: "x".repeat(64), duplex: "half" }) as RequestInit;
    const failing = await t.start({ env, maxRequestBytes: 10, errorFormatter, invocations: echoLength });
    const failed = await failing.fetch("/invocations", oversized());
    expect([failed.status, await failed.json(), formatted]).toEqual([413, { error: { code: 413 } }, [413]]);
    formatted.length = 0;
    const swallowing = await t.start({
      env,
      maxRequestBytes: 10,
      errorFormatter,
      invocations: async (request) => ({ body: await request.text().catch(() => "swallowed") }),
    });
    const swallowed = await swallowing.fetch("/invocations", oversized());
    expect([swallowed.status, await swallowed.json(), formatted]).toEqual([413, { error: { code: 413 } }, [413]]);
  });

  it("SAGEMAKER_MAX_PAYLOAD_IN_MB sets the default limit; the default is 6 MiB", async () => {
    const small = await t.start({ env: { SAGEMAKER_MAX_PAYLOAD_IN_MB: "0.001" }, invocations: echoLength });
    expect((await small.fetch("/invocations", { method: "POST", body: "x".repeat(1049) })).status).toBe(413);
    expect(await (await small.fetch("/invocations", { method: "POST", body: "x".repeat(1048) })).json()).toEqual({ bytes: 1048 });

    const standard = await t.start({ env, invocations: echoLength });
    const sixMiB = 6 * 1024 * 1024;
    expect((await standard.fetch("/invocations", { method: "POST", body: new Uint8Array(sixMiB + 1) })).status).toBe(413);
    expect(await (await standard.fetch("/invocations", { method: "POST", body: new Uint8Array(sixMiB) })).json()).toEqual({ bytes: sixMiB });
  });

  it("the limit applies to fallback routes too", async () => {
    const c = await t.start({ env, maxRequestBytes: 5, fallback: async (request) => new Response(await request.text()) });
    expect((await c.fetch("/v1/completions", { method: "POST", body: "123456" })).status).toBe(413);
  });
});
