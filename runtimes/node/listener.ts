import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { installTextResponses } from "./response.ts";
import { DRAIN_LIMIT, RECEIVED, nodeRequestClass } from "./request.ts";
import type { BodyState } from "./request.ts";
import { sendInternalError, sendResponse } from "./send.ts";
import type { SendTarget } from "./send.ts";
import { answererOf } from "../../src/internal.ts";
import type { SageMakerHandler } from "../../src/internal.ts";

export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** Methods Node parses but the Fetch Request constructor refuses (compared, not looked up: this runs on every request). */
function isUnsupportedMethod(method: string | undefined): boolean {
  return method === "CONNECT" || method === "TRACE" || method === "TRACK";
}
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
  if (isUnsupportedMethod(request.method)) {
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

// How long a client that is still uploading may go on after the answer, before the connection is cut.
const LINGER_MS = 5_000;

/**
 * Closes a connection whose client may still be sending, as servers do (nginx's lingering close): half-close
 * first, so the client reads the answer and then the end of the stream, and read and discard what still
 * arrives. Closing with unread bytes arriving makes the kernel answer with a reset, which can destroy the
 * answer in the client's receive buffer before the client has read it.
 */
function lingerThenClose(socket: Socket): void {
  if (socket.destroyed) return;
  socket.end();
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once("close", () => clearTimeout(cut));
}

/**
 * As the response ends: a body nobody read (or read part of) is drained and discarded, up to the body
 * limit, so the keep-alive connection is ready for the next request; past the limit, or when the rest is
 * declared larger than that, the connection is closed at once instead of stalling the client. Started
 * before Node's own end-of-response handling, which would otherwise discard the body without any limit.
 */
function disposeOfUnreadBody(request: IncomingMessage, response: ServerResponse, body: BodyState): void {
  if (request.complete || request.destroyed) return;
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  const limit = body[DRAIN_LIMIT];
  if (body[RECEIVED] > limit || declared > limit) {
    request.removeAllListeners("data");
    request.resume();
    response.once("finish", () => lingerThenClose(request.socket));
    return;
  }
  request.removeAllListeners("data");
  request.on("data", (chunk: Buffer) => {
    body[RECEIVED] += chunk.byteLength;
    if (body[RECEIVED] <= limit) return;
    request.removeAllListeners("data");
    if (response.writableFinished) lingerThenClose(request.socket);
    else response.once("finish", () => lingerThenClose(request.socket));
  });
  request.resume();
}

function mayHaveBody(request: IncomingMessage): boolean {
  const { headers } = request;
  return headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0");
}

/**
 * A `node:http` request listener for the handler, to mount into an existing server. Handlers receive a
 * Request built lazily from the Node request (`instanceof Request`, and accepted by the global
 * `new Request(request, init)`, see docs/runtimes.md); responses are written directly, streams with
 * backpressure and cancelled when the client goes away.
 */
export function toNodeListener(handler: Pick<SageMakerHandler, "fetch">): NodeListener {
  const NodeRequest = nodeRequestClass();
  installTextResponses();
  const answer = answererOf(handler);
  return (request, response) => {
    if (!admit(request, response)) return;
    const fetchRequest = new NodeRequest(request, response);
    // A request without a body (HTTP/1.1: neither length nor chunked) leaves nothing to drain.
    if (mayHaveBody(request)) response.on("prefinish", () => disposeOfUnreadBody(request, response, fetchRequest));
    const target: SendTarget = { response, head: request.method === "HEAD" };
    let answered: Response | Promise<Response>;
    try {
      answered = answer(fetchRequest);
    } catch (error) {
      answered = Promise.reject(error);
    }
    // An answer that is already there goes out in this turn, as from a bare node:http listener.
    if (typeof (answered as { then?: unknown }).then !== "function") {
      send(answered as Response, target);
      return;
    }
    Promise.resolve(answered).then(
      (fetchResponse) => send(fetchResponse, target),
      (error: unknown) => {
        console.error(`model-hosting-container-standards: the handler failed outside its pipeline: ${String(error)}`);
        sendInternalError(target);
      },
    );
  };
}

function send(fetchResponse: Response, target: SendTarget): void {
  try {
    sendResponse(fetchResponse, target)?.catch((error: unknown) => cannotSend(error, target));
  } catch (error) {
    cannotSend(error, target);
  }
}

function cannotSend(error: unknown, { response }: SendTarget): void {
  console.error(`model-hosting-container-standards: could not send a response: ${String(error)}`);
  if (!response.writableEnded) response.destroy();
}
