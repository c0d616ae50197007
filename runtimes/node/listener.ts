import type { IncomingMessage, ServerResponse } from "node:http";
import { createServerAdapter, handleErrorFromRequestHandler } from "@whatwg-node/server";
import { sendResponse } from "./send.ts";
import type { SendTarget } from "./send.ts";
import type { SageMakerHandler } from "../../src/types.ts";

export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

// Methods Node parses but the Fetch Request constructor refuses: the adapter would answer them with a 500 and a stack trace.
const UNSUPPORTED_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]*)(:[0-9]*)?$/;

// Nearly every request repeats the previous Host, so the last valid one skips the parse.
let lastValidHost = "";

function isValidHost(host: string | undefined): boolean {
  if (host === undefined || host === "" || host === lastValidHost) return true;
  if (!AUTHORITY.test(host) || !URL.canParse(`http://${host}/`)) return false;
  lastValidHost = host;
  return true;
}

function reject(response: ServerResponse, status: number, detail: string): void {
  const body = JSON.stringify({ detail });
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
  response.end(body);
}

/**
 * Answers with a 4xx/5xx `{"detail"}` what no Fetch Request can represent, and turns an absolute-form
 * target (`GET http://host/ping`) into its path, so that it routes like the origin-form it stands for.
 * Returns false when the request was answered here.
 */
function admit(request: IncomingMessage, response: ServerResponse): boolean {
  if (UNSUPPORTED_METHODS.has(request.method ?? "")) {
    reject(response, 501, `Method ${request.method} is not supported`);
    return false;
  }
  // A Host that is not an authority (`a/b`, `u@a`, `a b`) would change the URL's path or make it unparsable.
  if (!isValidHost(request.headers.host)) {
    reject(response, 400, "Bad Request: invalid Host header");
    return false;
  }
  const target = request.url ?? "/";
  if (!target.startsWith("/")) {
    const parsed = URL.canParse(target) ? new URL(target) : undefined;
    if (parsed === undefined && target !== "*") {
      reject(response, 400, "Bad Request: invalid request target");
      return false;
    }
    request.url = parsed ? `${parsed.pathname}${parsed.search}` : "/";
  }
  return true;
}

/**
 * A `node:http` request listener for the handler, to mount into an existing server. Requests are
 * native Fetch Requests whose `signal` aborts when the client disconnects; streamed responses are
 * written with backpressure and cancelled when the client goes away.
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
    if (!admit(request, response)) return;
    const socket = request.socket;
    response.once("finish", () => {
      // A body that was started but abandoned (413 mid-stream, a handler that stopped reading) leaves the
      // parser waiting on a paused socket: the connection would never close. Node's own 4xx do the same.
      if (!request.complete && request.readableDidRead) socket.destroySoon();
    });
    const target: SendTarget = { response, head: request.method === "HEAD" };
    void Promise.resolve()
      .then(() => adapter.handleNodeRequestAndResponse(request, response))
      .catch((error: unknown) => handleErrorFromRequestHandler(error, globalThis.Response))
      .then((fetchResponse) => sendResponse(fetchResponse, target))
      .catch((error: unknown) => {
        console.error(`model-hosting-container-standards: could not send a response: ${String(error)}`);
        if (!response.writableEnded) response.destroy();
      });
  };
}
