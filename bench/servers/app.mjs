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

/** A bare Fetch handler doing the same work as the library's routes, for Bun.serve / Deno.serve. */
export async function bareFetch(request) {
  const url = request.url;
  const path = url.slice(url.indexOf("/", url.indexOf("://") + 3));
  if (path === "/ping" && request.method === "GET") return Response.json(PING_BODY);
  if (path === "/invocations" && request.method === "POST") {
    const body = await request.json();
    return invoke(body) ?? Response.json(body);
  }
  return Response.json({ detail: "Not Found" }, { status: 404 });
}

/** The library config for "ours": same ping and invocations as `bareFetch`. */
export const config = {
  env: {},
  ping: () => PING_BODY,
  invocations: async (request) => {
    const body = await request.json();
    return invoke(body) ?? body;
  },
};

/** One line the harness waits for, then the listening port. */
export function announce(event, fields = {}) {
  console.log(JSON.stringify({ bench: event, ...fields }));
}
