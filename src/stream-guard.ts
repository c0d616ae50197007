/**
 * A handler's streamed body, watched. Its first chunk is read before the Response is handed on, so a body
 * that fails before producing anything is the handler's error (a 500, like a throw). After that, when it
 * fails, `onFailure` runs once (log it, abort the request's signal) and the stream errors, which every
 * runtime answers by cutting the connection: the only way a chunked HTTP/1.1 client learns that the body
 * is incomplete. Pulled one chunk at a time, so backpressure and cancellation pass straight through.
 */
export async function guardStreamBody(response: Response, onFailure: (error: unknown) => void): Promise<Response> {
  const body = response.body;
  if (body === null) return response;
  const reader = body.getReader();
  const first = await reader.read();
  // The first chunk, then null once it was handed on (or at once for an empty body).
  let held: Uint8Array | null = first.done ? null : first.value;
  let ended = first.done;
  const guarded = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (held !== null) {
          controller.enqueue(held);
          held = null;
          return;
        }
        if (ended) {
          controller.close();
          return;
        }
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          onFailure(error);
          controller.error(error);
          return;
        }
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        held = null;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(guarded, { status: response.status, statusText: response.statusText, headers: response.headers });
}
