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
    void adapter(request, response);
  };
}
