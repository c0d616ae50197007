import type { IncomingMessage, ServerResponse } from "node:http";
import { createServerAdapter } from "@whatwg-node/server";
import type { SageMakerHandler } from "../../src/types.ts";

export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A `node:http` request listener for the handler, to mount into an existing server. Requests are
 * native Fetch Requests whose `signal` aborts when the client disconnects; streamed responses are
 * written with backpressure.
 */
export function toNodeListener(handler: Pick<SageMakerHandler, "fetch">): NodeListener {
  const adapter = createServerAdapter((request: Request) => handler.fetch(request), {
    // Native classes, not the ponyfill, so handlers see the same Request/Response as on every other runtime.
    fetchAPI: {
      Request: globalThis.Request,
      Response: globalThis.Response,
      Headers: globalThis.Headers,
      ReadableStream: globalThis.ReadableStream,
      WritableStream: globalThis.WritableStream,
      TransformStream: globalThis.TransformStream,
      URL: globalThis.URL,
      URLSearchParams: globalThis.URLSearchParams,
      fetch: globalThis.fetch,
      TextEncoder: globalThis.TextEncoder,
      TextDecoder: globalThis.TextDecoder,
      Blob: globalThis.Blob,
      FormData: globalThis.FormData,
    } as never,
  });
  return (request, response) => {
    if (request.url && ABSOLUTE_FORM.test(request.url)) request.url = originForm(request.url);
    const socket = request.socket;
    response.once("finish", () => {
      // A body that was started but abandoned (413 mid-stream, a handler that stopped reading) leaves the
      // parser waiting on a paused socket: the connection would never close. Node's own 4xx do the same.
      if (!request.complete && request.readableDidRead) socket.destroySoon();
    });
    void adapter(request, response);
  };
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `POST http://host/invocations HTTP/1.1` (absolute-form, RFC 9112 3.2.2) must be served like
 * `POST /invocations`; the adapter would otherwise glue it to the Host header (`http://xhttp//host/...`).
 */
function originForm(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return "/";
  }
}
