import type { IncomingMessage, ServerResponse } from "node:http";
import { createServerAdapter, handleErrorFromRequestHandler, sendNodeResponse } from "@whatwg-node/server";
import { unreadStringBody } from "../../src/respond.ts";
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
    // What the adapter's own listener does, with a cheaper send for the library's string bodies.
    void Promise.resolve()
      .then(() => adapter.handleNodeRequestAndResponse(request, response))
      .catch((error: unknown) => handleErrorFromRequestHandler(error, globalThis.Response))
      .then((fetchResponse) => send(fetchResponse, request, response))
      .catch((error: unknown) => console.error(`model-hosting-container-standards: could not send a response: ${String(error)}`));
  };
}

function send(fetchResponse: Response, request: IncomingMessage, response: ServerResponse): unknown {
  const body = fetchResponse ? unreadStringBody(fetchResponse) : undefined;
  if (body === undefined || response.destroyed || response.writableEnded) return sendNodeResponse(fetchResponse, response, request, true);
  // One write with a Content-Length: reading a native Response's stream chunk by chunk, chunked, costs
  // more than the handler itself on small JSON bodies.
  response.setHeaders(fetchResponse.headers as unknown as Map<string, string>);
  response.setHeader("content-length", Buffer.byteLength(body));
  response.writeHead(fetchResponse.status, fetchResponse.statusText || undefined);
  response.end(body);
  return undefined;
}
