// createSageMakerHandler's lifecycle: lazy start, the per-instance setup hook, close(), and a fetch that
// never rejects.
import { describe, expect, it } from "vitest";
import { createSageMakerHandler, defineWrappedHandler } from "../../src/index.ts";
import type { HandlerContext } from "../../src/index.ts";
import { combinePrePost } from "../../src/customer/middleware-order.ts";
import { memoryLogger, silentLogger } from "../support/harness.ts";

const env = { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" };

describe("lifecycle", () => {
  it("nothing runs at creation; prepare runs once per instance at ready(), so two instances share nothing", async () => {
    const prepared: string[] = [];
    let counter = 0;
    const wrapped = defineWrappedHandler((setup) => {
      prepared.push(setup.role);
      let own = 0; // per-instance state
      counter++;
      return () => ({ own: ++own, instances: counter });
    });
    const a = createSageMakerHandler({ env, invocations: wrapped });
    const b = createSageMakerHandler({ env, invocations: wrapped });
    expect(prepared).toEqual([]);
    await a.ready();
    await a.ready();
    await b.ready();
    expect(prepared).toEqual(["invocations", "invocations"]);
    const call = async (h: typeof a) => (await h.fetch(new Request("http://x/invocations", { method: "POST" }))).json();
    expect(await call(a)).toEqual({ own: 1, instances: 2 });
    expect(await call(a)).toEqual({ own: 2, instances: 2 });
    expect(await call(b)).toEqual({ own: 1, instances: 2 });
  });

  it("a wrapper whose setup throws makes ready() reject with its message", async () => {
    const broken = defineWrappedHandler(() => {
      throw new Error("bad requestShape key 'x'");
    });
    await expect(createSageMakerHandler({ env, logger: silentLogger, ping: broken }).ready()).rejects.toThrow("bad requestShape key 'x'");
  });

  it("close() runs onClose hooks and aborts the signal of requests still running", async () => {
    let closed = 0;
    let signal: AbortSignal | undefined;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (release = resolve));
    const handler = createSageMakerHandler({
      env,
      invocations: defineWrappedHandler((setup) => {
        setup.onClose(() => void closed++);
        return async (_request: Request, context: HandlerContext) => {
          signal = context.signal;
          release();
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          return "aborted";
        };
      }),
    });
    const pending = handler.fetch(new Request("http://x/invocations", { method: "POST" }));
    await running;
    expect(signal?.aborted).toBe(false);
    await handler.close();
    expect(closed).toBe(1);
    expect(signal?.aborted).toBe(true);
    expect(await (await pending).text()).toBe("aborted");
  });

  it("fetch never rejects, whatever it is given", async () => {
    const logger = memoryLogger();
    const handler = createSageMakerHandler({ env, logger, ping: () => "ok" });
    for (const garbage of [undefined, null, {}, "http://x/ping", { url: 3 }]) {
      const response = await handler.fetch(garbage as never);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ detail: "Internal Server Error" });
    }
    const odd = await handler.fetch(new Request("http://x/ping", { method: "PATCH" }));
    expect(odd.status).toBe(405);
  });

  it("a handler result JSON cannot represent is a 500, not a rejection", async () => {
    const handler = createSageMakerHandler({ env, logger: silentLogger, invocations: () => ({ big: 1n }) as never });
    expect((await handler.fetch(new Request("http://x/invocations", { method: "POST" }))).status).toBe(500);
  });

  it("a /route spec without config.fallback warns at startup (it can only answer 404)", async () => {
    const logger = memoryLogger();
    await createSageMakerHandler({ logger, env: { ...env, LOG_LEVEL: "WARNING", CUSTOM_FASTAPI_PING_HANDLER: "/health" } }).ready();
    expect(logger.lines).toEqual(["[WARNING] CUSTOM_FASTAPI_PING_HANDLER='/health': there is no config.fallback, so it answers 404"]);
  });
});

describe("combinePrePost", () => {
  it("accepts a replacement Request from another copy of the Fetch classes (duck-typed)", async () => {
    const foreign = { url: "http://x/invocations", method: "POST", headers: new Headers({ "x-foreign": "1" }), arrayBuffer: async () => new ArrayBuffer(0) };
    const middleware = combinePrePost(() => foreign as unknown as Request, undefined, silentLogger);
    let seen: unknown;
    const response = await middleware(new Request("http://x/invocations", { method: "POST" }), async (request) => {
      seen = request;
      return new Response("ok");
    });
    expect(seen).toBe(foreign);
    expect(await response.text()).toBe("ok");
  });
});
