import { textAnswer } from "../respond.ts";

/**
 * The register/unregister answer: a 2xx with no body becomes 200 `message` (MHCS's success text); a 2xx
 * with a body goes through `withBody` (the response shape); any other status passes through untouched,
 * so an engine's 404 for an unknown adapter reaches the client as the engine wrote it.
 */
export async function respondAdapterResult(
  response: Response,
  message: string,
  withBody: (response: Response) => Response | Promise<Response>,
): Promise<Response> {
  if (response.status < 200 || response.status > 299) return response;
  const peeked = await peekEmpty(response);
  if (!peeked.empty) return withBody(peeked.response);
  const headers = new Headers(response.headers);
  for (const name of ["content-length", "content-encoding", "transfer-encoding"]) headers.delete(name);
  // The alias comes from a client header: never let a browser sniff it into HTML.
  headers.set("content-type", "text/plain; charset=utf-8");
  headers.set("x-content-type-options", "nosniff");
  return textAnswer(message, { status: 200, headers });
}

/** Whether the body is empty, reading at most its first non-empty chunk (which is put back). */
async function peekEmpty(response: Response): Promise<{ empty: true } | { empty: false; response: Response }> {
  const body = response.body;
  if (body === null || response.status === 204 || response.status === 205) {
    void body?.cancel().catch(() => undefined);
    return { empty: true };
  }
  const length = response.headers.get("content-length");
  if (length !== null && length.trim() !== "") {
    if (Number(length) === 0) {
      void body.cancel().catch(() => undefined);
      return { empty: true };
    }
    return { empty: false, response };
  }
  const reader = body.getReader();
  let first: Uint8Array | undefined;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return { empty: true };
    if (chunk.value.byteLength > 0) {
      first = chunk.value;
      break;
    }
  }
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return {
    empty: false,
    response: new Response(replay, { status: response.status, statusText: response.statusText, headers: response.headers }),
  };
}
