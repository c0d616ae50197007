// Issue 2, "done when": no request, however malformed, makes the server answer 500 unless a handler threw.
// Random methods, paths, queries, headers and bodies against /ping, /invocations, 405s, the fallback and the
// default 404, with customer middleware from the environment, in process and over a real Node socket.
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeMatrix, useModelDirs } from "../support/harness.ts";
import { validHeaderValue } from "../support/header-values.ts";

const modelDir = useModelDirs();
const RUNS = 60;

const TOKEN = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Methods a Fetch client can send: CONNECT, TRACE and TRACK are refused by `new Request` (the Node shim answers them itself).
const method = fc.oneof(
  fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "post", "Get"),
  fc.string({ unit: fc.constantFrom(...TOKEN), minLength: 1, maxLength: 10 }).filter((name) => !/^(connect|trace|track)$/i.test(name)),
);
const segment = fc.oneof(
  fc.constantFrom("ping", "invocations", "PING", "ping/", "", ".", "..", "%", "%00", "%2F", "%E0%A4%A", "x".repeat(300)),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join("/")}`);
const query = fc.constantFrom("", "?", "?a=%ZZ", "?a&a=1&a=2", `?${"q".repeat(500)}`);
const headerValue = fc.string({ maxLength: 40 }).filter(validHeaderValue);
const headers = fc.record(
  {
    "content-type": fc.oneof(fc.constantFrom("application/json", "text/plain", ";;;", "multipart/form-data; boundary="), headerValue),
    "x-request-id": headerValue,
    accept: headerValue,
    "x-amzn-sagemaker-custom-attributes": headerValue,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constant("x".repeat(2048)),
);

describeMatrix("never a 5xx without a throwing handler", (t) => {
  it("random requests get 2xx/4xx, never 5xx, on every route", { timeout: 240_000 }, async () => {
    const dir = await modelDir({
      "mw.mjs": `
        export const throttle = (request, next) => next(request);
        export const pre = (request) => request;
        export const post = (response) => response;`,
    });
    const client = await t.start({
      env: { SAGEMAKER_MODEL_PATH: dir, CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE: "mw.mjs:throttle", CUSTOM_PRE_PROCESS: "mw.mjs:pre", CUSTOM_POST_PROCESS: "mw.mjs:post" },
      maxRequestBytes: 1024,
      ping: () => ({ status: "healthy" }),
      invocations: async (request) => ({ received: (await request.arrayBuffer()).byteLength }),
      fallback: async (request) => (new URL(request.url).pathname === "/engine" ? Response.json({ engine: true }) : Response.json({ detail: "Not Found" }, { status: 404 })),
    });
    await fc.assert(
      fc.asyncProperty(method, path, query, headers, body, async (verb, target, search, head, payload) => {
        const upper = verb.toUpperCase();
        const canHaveBody = upper !== "GET" && upper !== "HEAD";
        const response = await client.fetch(`${target}${search}`, {
          method: verb,
          headers: head,
          body: canHaveBody ? (payload as BodyInit | undefined) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        expect(response.status, `${verb} ${target}${search} -> ${response.status} ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });
});
