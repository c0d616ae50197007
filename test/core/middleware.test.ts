// Middleware slots (throttle, engine, pre/post) from env vars and from the customer script, over HTTP.
// Items: ref-core section 8, 48-63; "deviation" marks a behaviour we change on purpose.
import { expect, it } from "vitest";
import type { Middleware, SageMakerConfig } from "../../runtimes/node/index.ts";
import { describeMatrix, memoryLogger, useModelDirs } from "../support/harness.ts";

const modelDir = useModelDirs();
const PKG = "model-hosting-container-standards";

// The app of the reference's middleware tests: an engine route GET /test -> {"message":"test"}.
const engineApp: SageMakerConfig = {
  fallback: (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/test") return Response.json({ message: "test" });
    if (pathname === "/generate") return Response.json({ text: "Generated response" });
    return Response.json({ detail: "Not Found" }, { status: 404 });
  },
};

const middlewareFile = `
  export async function throttle_middleware(request, next) {
    const response = await next(request);
    response.headers.set("X-Throttle-Applied", "true");
    return response;
  }
  export async function pre_post_middleware(request, next) {
    const response = await next(request);
    response.headers.set("X-Post-Process", "true");
    return response;
  }
  export async function pre_process(request) {
    const headers = new Headers(request.headers);
    headers.set("x-pre-processed", "true");
    return new Request(request, { headers });
  }
  export async function post_process(response) {
    response.headers.set("X-Post-Processed", "true");
    return response;
  }
  export const env_throttle = async (request, next) => {
    const response = await next(request);
    response.headers.set("X-Middleware-Source", "environment");
    response.headers.set("X-Throttle", "applied");
    return response;
  };
  export const env_pre_post = async (request, next) => {
    const response = await next(request);
    response.headers.set("X-PrePost", "applied");
    response.headers.set("X-Middleware-Type", "direct");
    return response;
  };
  export const separate_post = (response) => { response.headers.set("X-Middleware-Type", "separate"); };`;

describeMatrix("middleware", (t) => {
  const start = async (files: Record<string, string>, env: Record<string, string> = {}, config: SageMakerConfig = engineApp) => {
    const dir = await modelDir(files);
    return t.start({ ...config, env: { SAGEMAKER_MODEL_PATH: dir, ...env } });
  };

  it("item 48: CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE runs on engine routes", async () => {
    const c = await start({ "middleware.mjs": middlewareFile }, { CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "middleware.mjs:throttle_middleware" });
    const response = await c.fetch("/test");
    expect([response.status, response.headers.get("x-throttle-applied"), await response.json()]).toEqual([200, "true", { message: "test" }]);
  });

  it("item 49: CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS runs", async () => {
    const c = await start({ "middleware.mjs": middlewareFile }, { CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS: "middleware.mjs:pre_post_middleware" });
    expect((await c.fetch("/test")).headers.get("x-post-process")).toBe("true");
  });

  it("item 50: CUSTOM_PRE_PROCESS + CUSTOM_POST_PROCESS combine; the pre's replacement Request reaches the route", async () => {
    const c = await start(
      { "middleware.mjs": middlewareFile },
      { CUSTOM_PRE_PROCESS: "middleware.mjs:pre_process", CUSTOM_POST_PROCESS: "middleware.mjs:post_process" },
      { invocations: (request) => ({ pre: request.headers.get("x-pre-processed") }) },
    );
    const response = await c.fetch("/invocations", { method: "POST", body: "{}" });
    expect(response.headers.get("x-post-processed")).toBe("true");
    expect(await response.json()).toEqual({ pre: "true" });
  });

  it("item 51: an env throttle beats the script's customMiddleware('throttle')", async () => {
    const c = await start(
      {
        "middleware.mjs": middlewareFile,
        "model.mjs": `
          import { customMiddleware } from "${PKG}";
          customMiddleware("throttle")(async (request, next) => {
            const response = await next(request);
            response.headers.set("X-Middleware-Source", "decorator");
            return response;
          });`,
      },
      { CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "middleware.mjs:env_throttle" },
    );
    expect((await c.fetch("/test")).headers.get("x-middleware-source")).toBe("environment");
  });

  it("item 53: env throttle and env pre/post both apply", async () => {
    const c = await start(
      { "middleware.mjs": middlewareFile },
      { CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "middleware.mjs:env_throttle", CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS: "middleware.mjs:env_pre_post" },
    );
    const response = await c.fetch("/test");
    expect([response.headers.get("x-throttle"), response.headers.get("x-prepost")]).toEqual(["applied", "applied"]);
  });

  it("item 54: the direct pre/post variable beats CUSTOM_PRE_PROCESS / CUSTOM_POST_PROCESS", async () => {
    const c = await start(
      { "middleware.mjs": middlewareFile },
      {
        CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS: "middleware.mjs:env_pre_post",
        CUSTOM_PRE_PROCESS: "middleware.mjs:pre_process",
        CUSTOM_POST_PROCESS: "middleware.mjs:separate_post",
      },
    );
    expect((await c.fetch("/test")).headers.get("x-middleware-type")).toBe("direct");
  });

  it("item 55: order is throttle -> engine middlewares -> pre/post -> route, on an engine route", async () => {
    const tag = (name: string): Middleware => async (request, next) => {
      const response = await next(request);
      response.headers.append("X-Middleware-Order", name);
      return response;
    };
    const c = await start(
      {
        "model.mjs": `
          import { customMiddleware, outputFormatter } from "${PKG}";
          customMiddleware("throttle")(async (request, next) => {
            const response = await next(request);
            response.headers.set("X-Customer-Throttle", "applied");
            response.headers.append("X-Middleware-Order", "throttle");
            return response;
          });
          outputFormatter((response) => {
            response.headers.set("X-Customer-Processed", "true");
            response.headers.append("X-Middleware-Order", "pre_post_process");
          });`,
      },
      {},
      {
        ...engineApp,
        middlewares: [
          async (request, next) => {
            const response = await tag("vllm")(request, next);
            response.headers.set("X-vLLM-Server", "mock");
            return response;
          },
        ],
      },
    );
    const response = await c.fetch("/generate", { method: "POST", body: "{}" });
    expect(await response.json()).toEqual({ text: "Generated response" });
    expect(response.headers.get("x-customer-throttle")).toBe("applied");
    expect(response.headers.get("x-customer-processed")).toBe("true");
    expect(response.headers.get("x-vllm-server")).toBe("mock");
    expect(response.headers.get("x-middleware-order")).toBe("pre_post_process, vllm, throttle");
  });

  it("middleware runs on every route: /ping, /invocations, a 405 and the default 404", async () => {
    const c = await start(
      { "middleware.mjs": middlewareFile },
      { CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "middleware.mjs:throttle_middleware" },
      { ping: () => "ok", invocations: () => "ok" },
    );
    for (const [path, method, status] of [["/ping", "GET", 200], ["/invocations", "POST", 200], ["/invocations", "GET", 405], ["/missing", "GET", 404]] as const) {
      const response = await c.fetch(path, { method });
      expect([path, method, response.status, response.headers.get("x-throttle-applied")]).toEqual([path, method, status, "true"]);
    }
  });

  it("the full order (throttle -> engine -> pre/post) holds on every route: /ping, /invocations, 405, fallback, default 404", async () => {
    const script = `
      export const throttle = async (request, next) => {
        const response = await next(request);
        response.headers.append("X-Order", "throttle");
        return response;
      };
      export const prePost = async (request, next) => {
        const response = await next(request);
        response.headers.append("X-Order", "pre_post_process");
        return response;
      };`;
    const engine: Middleware = async (request, next) => {
      const response = await next(request);
      response.headers.append("X-Order", "engine");
      return response;
    };
    const env = { CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "mw.mjs:throttle", CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS: "mw.mjs:prePost" };
    const withFallback = await start({ "mw.mjs": script }, env, { ...engineApp, ping: () => "ok", invocations: () => ({ ok: true }), middlewares: [engine] });
    const withoutFallback = await start({ "mw.mjs": script }, env, { ping: () => "ok", middlewares: [engine] });
    const cases = [
      [withFallback, "/ping", "GET", 200],
      [withFallback, "/ping", "HEAD", 200],
      [withFallback, "/ping", "POST", 200],
      [withFallback, "/invocations", "POST", 200],
      [withFallback, "/invocations", "GET", 405],
      [withFallback, "/test", "GET", 200],
      [withFallback, "/unknown", "DELETE", 404],
      [withoutFallback, "/invocations", "POST", 404],
      [withoutFallback, "/missing", "GET", 404],
    ] as const;
    for (const [client, path, method, status] of cases) {
      const response = await client.fetch(path, { method });
      await response.arrayBuffer();
      expect([path, method, response.status, response.headers.get("x-order")]).toEqual([path, method, status, "pre_post_process, engine, throttle"]);
    }
  });

  it("a throttle may short-circuit with its own 429", async () => {
    const c = await start({ "throttle.mjs": `export const limit = () => Response.json({ detail: "Too Many Requests" }, { status: 429 });` }, {
      CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "throttle.mjs:limit",
    }, { invocations: () => { throw new Error("must not run"); } });
    const response = await c.fetch("/invocations", { method: "POST" });
    expect([response.status, await response.json()]).toEqual([429, { detail: "Too Many Requests" }]);
  });

  it("item 60 and deviation 7: sync formatters work; an input formatter's replacement Request carries a new body", async () => {
    const c = await start(
      {
        "model.mjs": `
          import { inputFormatter, outputFormatter } from "${PKG}";
          inputFormatter((request) => new Request(request.url, {
            method: request.method,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ prompt: "rewritten" }),
          }));
          outputFormatter((response) => new Response("[" + response.status + "] saw " + response.headers.get("x-prompt"), { status: 201, headers: { "x-out": "sync" } }));`,
      },
      {},
      // The prompt the handler read travels in a header, which a sync output formatter can read.
      { invocations: async (request) => new Response("", { headers: { "x-prompt": ((await request.json()) as { prompt: string }).prompt } }) },
    );
    const response = await c.fetch("/invocations", { method: "POST", body: JSON.stringify({ prompt: "original" }) });
    expect([response.status, response.headers.get("x-out"), await response.text()]).toEqual([201, "sync", "[200] saw rewritten"]);
  });

  it("deviation 8: an async output formatter can read and rewrite the handler's body", async () => {
    const c = await start(
      {
        "model.mjs": `
          import { outputFormatter } from "${PKG}";
          outputFormatter(async (response) => {
            const body = await response.json();
            return Response.json({ ...body, postprocessed: true }, { status: response.status });
          });`,
      },
      {},
      { invocations: () => ({ predictions: [1] }) },
    );
    expect(await (await c.fetch("/invocations", { method: "POST" })).json()).toEqual({ predictions: [1], postprocessed: true });
  });

  it("an input formatter returning nothing keeps the request (body readable downstream)", async () => {
    const c = await start(
      { "model.mjs": `import { inputFormatter } from "${PKG}"; inputFormatter(async (request) => { request.headers.get("x"); });` },
      {},
      { invocations: async (request) => ({ echo: await request.text() }) },
    );
    expect(await (await c.fetch("/invocations", { method: "POST", body: "keep me" })).json()).toEqual({ echo: "keep me" });
  });

  it("deviation 6: an HttpError thrown in a formatter keeps its status; another throw is a generic 500", async () => {
    const logger = memoryLogger();
    const c = await start(
      {
        "model.mjs": `
          import { HttpError, inputFormatter } from "${PKG}";
          inputFormatter(async (request) => {
            const text = await request.clone().text();
            if (text === "bad") throw new HttpError(400, "Invalid JSON");
            if (text === "boom") throw new Error("formatter internals");
          });`,
      },
      {},
      { logger, invocations: () => "ok" },
    );
    const bad = await c.fetch("/invocations", { method: "POST", body: "bad" });
    expect([bad.status, await bad.json()]).toEqual([400, { detail: "Invalid JSON" }]);
    const boom = await c.fetch("/invocations", { method: "POST", body: "boom" });
    const text = await boom.text();
    expect([boom.status, JSON.parse(text)]).toEqual([500, { detail: "Internal Server Error" }]);
    expect(text).not.toContain("formatter internals");
    expect(logger.lines.some((line) => line.includes("formatter internals"))).toBe(true);
    expect(await (await c.fetch("/invocations", { method: "POST", body: "fine" })).text()).toBe("ok");
  });

  it("item 80 (deviation): a handler error under pre/post is a 500 {detail}, not the reference's leaking {error, message}", async () => {
    const c = await start(
      { "model.mjs": `import { outputFormatter } from "${PKG}"; outputFormatter(() => undefined);` },
      {},
      { logger: memoryLogger(), invocations: () => { throw new Error("leaky detail"); } },
    );
    const response = await c.fetch("/invocations", { method: "POST" });
    expect([response.status, await response.json()]).toEqual([500, { detail: "Internal Server Error" }]);
  });

  it("the pre/post slot: customMiddleware('pre_post_process') beats formatters; env beats both (no mixing of sources)", async () => {
    const script = `
      import { customMiddleware, inputFormatter, outputFormatter } from "${PKG}";
      customMiddleware("pre_post_process")(async (request, next) => {
        const response = await next(request);
        response.headers.set("x-slot", "decorator-direct");
        return response;
      });
      outputFormatter((response) => { response.headers.set("x-slot", "formatter"); });
      inputFormatter(() => undefined);`;
    const direct = await start({ "model.mjs": script });
    expect((await direct.fetch("/test")).headers.get("x-slot")).toBe("decorator-direct");
    const env = await start({ "model.mjs": script, "middleware.mjs": middlewareFile }, { CUSTOM_POST_PROCESS: "middleware.mjs:separate_post" });
    const response = await env.fetch("/test");
    expect([response.headers.get("x-slot"), response.headers.get("x-middleware-type")]).toEqual([null, "separate"]);
  });

  it("an input formatter returning something that is not a Request is a 500, logged", async () => {
    const logger = memoryLogger();
    const c = await start({ "model.mjs": `import { inputFormatter } from "${PKG}"; inputFormatter(() => ({ not: "a request" }));` }, {}, { logger, invocations: () => "ok" });
    expect((await c.fetch("/invocations", { method: "POST" })).status).toBe(500);
    expect(logger.lines.some((line) => line.includes("input formatter returned object"))).toBe(true);
  });
});
