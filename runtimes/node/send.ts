import { STATUS_CODES } from "node:http";
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { plainText } from "./response.ts";
import { endWithText } from "./reused-buffers.ts";

const INTERNAL_ERROR = JSON.stringify({ detail: "Internal Server Error" });

/** Where a Fetch Response goes. The core logs a handler's failing body; the shim only ends the exchange. */
export interface SendTarget {
  response: ServerResponse;
  head: boolean;
}

function headersOf(fetchResponse: Response): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  fetchResponse.headers.forEach((value, name) => {
    // Headers joins repeated values with ", ", which would corrupt cookies; they are the one exception.
    if (name === "set-cookie") headers[name] = fetchResponse.headers.getSetCookie();
    else headers[name] = value;
  });
  return headers;
}

function writeHead(target: SendTarget, fetchResponse: Response, headers: OutgoingHttpHeaders): void {
  // Node leaves the reason phrase empty for a status it gets a blank text for; send the standard one.
  const reason = fetchResponse.statusText || STATUS_CODES[fetchResponse.status] || "";
  target.response.writeHead(fetchResponse.status, reason, headers);
}

export function sendInternalError(target: SendTarget): void {
  const { response } = target;
  if (response.headersSent || response.destroyed) return;
  response.writeHead(500, STATUS_CODES[500], { "content-type": "application/json", "content-length": Buffer.byteLength(INTERNAL_ERROR) });
  response.end(target.head ? undefined : INTERNAL_ERROR);
}

/**
 * Writes a Fetch Response: a known string body in one `end()` with a Content-Length, HEAD as headers
 * only, anything else pumped from its stream with backpressure. The stream is cancelled when the client
 * goes away, and a stream that fails part-way destroys the connection, so the client sees a truncated
 * body instead of waiting for a terminating chunk that never comes.
 */
export function sendResponse(fetchResponse: Response, target: SendTarget): Promise<void> | undefined {
  const { response } = target;
  if (response.destroyed || response.writableEnded) {
    void fetchResponse.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const text = plainText(fetchResponse);
  if (text !== undefined) {
    const byteLength = Buffer.byteLength(text.body);
    text.headers["content-length"] = byteLength;
    response.writeHead(text.status, text.statusText, text.headers);
    if (target.head) response.end();
    else endWithText(response, text.body, byteLength);
    return undefined;
  }
  const headers = headersOf(fetchResponse);
  const body = fetchResponse.body;
  if (body === null || target.head) {
    void body?.cancel().catch(() => undefined);
    writeHead(target, fetchResponse, headers);
    response.end();
    return undefined;
  }
  return pump(body.getReader(), fetchResponse, headers, target);
}

async function pump(reader: ReadableStreamDefaultReader<Uint8Array>, fetchResponse: Response, headers: OutgoingHttpHeaders, target: SendTarget): Promise<void> {
  const { response } = target;
  let finished = false;
  const onClose = (): void => {
    // The client left (or the socket was cut) before the whole body went out: stop the producer.
    if (!finished) void reader.cancel(new DOMException("The client disconnected", "AbortError")).catch(() => undefined);
  };
  response.once("close", onClose);
  let started = false;
  try {
    // The first chunk decides the status: a body that fails before it is still a 500.
    let next = await reader.read();
    started = true;
    if (response.destroyed) return;
    writeHead(target, fetchResponse, headers);
    while (!next.done) {
      if (!response.write(next.value) && !response.destroyed) await drained(response);
      if (response.destroyed) return;
      next = await reader.read();
    }
    finished = true;
    if (!response.destroyed) response.end();
  } catch {
    finished = true;
    if (response.destroyed) return;
    if (!started) sendInternalError(target);
    else response.destroy();
  } finally {
    response.off("close", onClose);
    if (finished) reader.releaseLock();
    else void reader.cancel(new DOMException("The client disconnected", "AbortError")).catch(() => undefined);
  }
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}
