// The work every benchmark server does, shared by "ours" (through the library) and "bare" (the
// runtime's own server) so that both sides of a ratio run identical application code.

const CHUNK = new Uint8Array(64 * 1024).fill(120);

/** `GET /ping` body. */
export const PING_BODY = { status: "healthy" };

/** A pull-based stream of `bytes` bytes in 64 KiB chunks: produced only as fast as it is read. */
export function streamOf(bytes) {
  let left = bytes;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (left <= 0) {
        controller.close();
        return;
      }
      const size = Math.min(left, CHUNK.byteLength);
      left -= size;
      controller.enqueue(CHUNK.slice(0, size));
    },
  });
}

/** `POST /invocations`: `{"stream": N}` streams N bytes, anything else is parsed and echoed back. */
export function invoke(body) {
  if (body !== null && typeof body === "object" && typeof body.stream === "number") {
    return new Response(streamOf(body.stream), { headers: { "content-type": "application/octet-stream" } });
  }
  return undefined;
}

/** The header `injectAdapterId` reads; the bare servers copy it into the body by hand, as `model`. */
export const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";

/** `body` with the adapter id copied in, when the request names one (what injectAdapterId("model") does). */
export function withAdapter(body, adapter) {
  if (adapter !== null && adapter !== undefined && body !== null && typeof body === "object") body.model = adapter;
  return body;
}

/** A bare Fetch handler doing the same work as the library's routes, for Bun.serve / Deno.serve. */
export async function bareFetch(request) {
  const url = request.url;
  const path = url.slice(url.indexOf("/", url.indexOf("://") + 3));
  if (path === "/ping" && request.method === "GET") return Response.json(PING_BODY);
  if (path === "/invocations" && request.method === "POST") {
    const body = withAdapter(await request.json(), request.headers.get(ADAPTER_HEADER));
    return invoke(body) ?? Response.json(body);
  }
  return Response.json({ detail: "Not Found" }, { status: 404 });
}

const plainConfig = {
  env: {},
  ping: () => PING_BODY,
  invocations: async (request) => {
    const body = await request.json();
    return invoke(body) ?? body;
  },
};

/**
 * The library config for "ours": same ping and invocations as `bareFetch`. With `BENCH_APP=wrapped`, the
 * invocations handler sits behind the session manager and the adapter id injection, as in
 * examples/full.ts (`lib` is the runtime's entry, which exports both wrappers).
 */
export function configFor(lib) {
  const app = globalThis.process?.env?.BENCH_APP ?? globalThis.Deno?.env.get("BENCH_APP");
  if (app !== "wrapped") return plainConfig;
  return { ...plainConfig, sessions: { enabled: true }, invocations: lib.statefulSessionManager()(lib.injectAdapterId("model")(plainConfig.invocations)) };
}

/** One line the harness waits for, then the listening port. */
export function announce(event, fields = {}) {
  console.log(JSON.stringify({ bench: event, ...fields }));
}
