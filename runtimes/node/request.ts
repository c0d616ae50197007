import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { LIMIT_BODY, PATHNAME, TO_NATIVE_REQUEST, isContentLength, payloadTooLarge, targetPathname } from "../../src/internal.ts";
import type { BodyLimitTracker } from "../../src/internal.ts";
import { nativeRequest, useStandInRequests } from "../server/fetch-globals.ts";
import { bodyUnusable, REQUEST_PROPERTIES, standIn } from "../server/stand-in.ts";
import { textOfChunks } from "./reused-buffers.ts";

/** Until the core sets the handler's limit, what an unread body may cost to drain. */
const DEFAULT_DRAIN_LIMIT = 6 * 1024 * 1024;

function abortError(): DOMException {
  return new DOMException("The client disconnected before the request body was read.", "AbortError");
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

function toUint8Array(chunk: Buffer): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function jsonOfChunks(chunks: Buffer[]): unknown {
  return JSON.parse(textOfChunks(chunks));
}

/** Bytes of the body received so far. Symbol-keyed, as undici keeps its state: no own key a handler would see. */
export const RECEIVED = Symbol("bodyReceived");
/** The limit the core set for this request (or the default). */
export const DRAIN_LIMIT = Symbol("bodyLimit");

/** What a NodeRequest tells the listener about its body once the response is out. */
export interface BodyState {
  [RECEIVED]: number;
  [DRAIN_LIMIT]: number;
}

export interface NodeRequest extends Request, BodyState {
  [TO_NATIVE_REQUEST](): Request;
  [PATHNAME](): string;
  [LIMIT_BODY](limit: number, tracker: BodyLimitTracker): void;
}

/** Builds the facade class on top of the runtime's own Request. */
function defineNodeRequest(NativeRequest: typeof Request): new (req: IncomingMessage, res: ServerResponse) => NodeRequest {
  // Named Request so that inspection and stack traces read like the native one.
  const NodeRequestClass = class Request implements BodyState {
    [RECEIVED] = 0;
    [DRAIN_LIMIT] = DEFAULT_DRAIN_LIMIT;
    readonly #req: IncomingMessage;
    readonly #res: ServerResponse;
    #tracker: BodyLimitTracker | undefined;
    #url: string | undefined;
    #headers: Headers | undefined;
    #controller: AbortController | undefined;
    #stream: ReadableStream<Uint8Array> | null | undefined;
    #used = false;
    /** A consumer read from (or cancelled) the body stream: the spec's "disturbed". */
    #streamDisturbed = false;
    /** The native Request the body went to (`new Request(this)`, `fetch(this)`, `clone()`). */
    #native: globalThis.Request | undefined;
    #properties: globalThis.Request | undefined;
    #usedWhenMoved = false;

    constructor(req: IncomingMessage, res: ServerResponse) {
      this.#req = req;
      this.#res = res;
    }

    get method(): string {
      return this.#req.method ?? "GET";
    }

    get url(): string {
      if (this.#url === undefined) {
        const scheme = (this.#req.socket as TLSSocket).encrypted ? "https" : "http";
        this.#url = `${scheme}://${this.#req.headers.host || "localhost"}${this.#req.url ?? "/"}`;
      }
      return this.#url;
    }

    /** What the core routes by: the path of the target Node parsed (the listener made it origin-form). */
    [PATHNAME](): string {
      return targetPathname(this.#req.url ?? "/");
    }

    get headers(): Headers {
      if (this.#headers === undefined) {
        const headers = new Headers();
        const raw = this.#req.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
        this.#headers = headers;
      }
      return this.#headers;
    }

    /** Aborts when the client goes away before the response is complete; made on first use. */
    get signal(): AbortSignal {
      if (this.#controller === undefined) {
        const controller = new AbortController();
        this.#controller = controller;
        const res = this.#res;
        const abortIfEarly = (): void => {
          if (!res.writableFinished) controller.abort(this.#req.errored ?? new DOMException("The client disconnected.", "AbortError"));
        };
        if ((res as { closed?: boolean }).closed || res.destroyed || this.#req.socket.destroyed) abortIfEarly();
        else res.once("close", abortIfEarly);
      }
      return this.#controller.signal;
    }

    get #hasBody(): boolean {
      const method = this.method;
      return method !== "GET" && method !== "HEAD";
    }

    get body(): ReadableStream<Uint8Array> | null {
      if (this.#native) return this.#native.body;
      // A body already read is an empty, closed stream, as natively after text() (never null).
      if (this.#stream === undefined) this.#stream = !this.#hasBody ? null : this.#used ? emptyStream() : this.#openStream();
      return this.#stream;
    }

    get bodyUsed(): boolean {
      // Once the body went to a native Request, that one says (it may have been read through a tee).
      if (this.#native) return this.#usedWhenMoved || this.#native.bodyUsed;
      return this.#used || this.#streamDisturbed;
    }

    /** The core's body limit: a declared length over it is refused at once, a streamed body is counted. */
    [LIMIT_BODY](limit: number, tracker: BodyLimitTracker): void {
      this[DRAIN_LIMIT] = limit;
      this.#tracker = tracker;
      // A GET or HEAD body reaches no handler here, as on Bun and Deno: it is drained or the connection closed, never refused.
      if (!this.#hasBody) return;
      const declared = this.#req.headers["content-length"];
      if (declared !== undefined && isContentLength(declared) && Number(declared) > limit) throw payloadTooLarge(limit);
    }

    /** The native Request this one stands for, with its body when that is still there: what `new Request(this)` and `fetch(this)` take. */
    [TO_NATIVE_REQUEST](): globalThis.Request {
      if (this.#native === undefined) {
        this.#usedWhenMoved = this.bodyUsed;
        const usable = !this.#usedWhenMoved && !(this.#stream?.locked ?? false);
        const body = usable ? this.body : null;
        const init: RequestInit & { duplex?: "half" } = { method: this.method, headers: this.headers, signal: this.signal, body };
        if (body) init.duplex = "half";
        this.#native = new NativeRequest(this.url, init);
      }
      return this.#native;
    }

    /** Built once, without a body or a signal: reading `mode` or inspecting the request moves nothing. */
    [REQUEST_PROPERTIES](): globalThis.Request {
      return (this.#properties ??= new NativeRequest(this.url, { method: this.method, headers: this.headers }));
    }

    clone(): globalThis.Request {
      if (this.bodyUsed || this.#stream?.locked) throw new TypeError("Request.clone: Body has already been consumed.");
      return this[TO_NATIVE_REQUEST]().clone();
    }

    text(): Promise<string> {
      return this.#read(textOfChunks);
    }

    json(): Promise<unknown> {
      return this.#read(jsonOfChunks);
    }

    arrayBuffer(): Promise<ArrayBuffer> {
      return this.#read((chunks) => {
        if (chunks.length === 0) return new ArrayBuffer(0);
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // A Buffer may be a view into a larger pooled slab.
        return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      });
    }

    bytes(): Promise<Uint8Array> {
      return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    }

    blob(): Promise<Blob> {
      return this.arrayBuffer().then((buffer) => new Blob([buffer], { type: this.#req.headers["content-type"] ?? "" }));
    }

    formData(): Promise<FormData> {
      // The native parser, fed the bytes already read: multipart and urlencoded behave exactly as natively.
      return this.arrayBuffer().then((buffer) => {
        const headers: Record<string, string> = {};
        const type = this.#req.headers["content-type"];
        if (type !== undefined) headers["content-type"] = type;
        return new Response(buffer, { headers }).formData();
      });
    }

    /**
     * The whole body as received (no chunks when there is none) turned into what the caller wants, straight
     * from the socket unless something already took the stream. `convert` runs as the body ends, so that
     * `json()` settles one promise, not a read and then a parse.
     */
    #read<T>(convert: (chunks: Buffer[]) => T): Promise<T> {
      if (this.bodyUsed) return Promise.reject(bodyUnusable());
      if (this.#native) return this.#native.arrayBuffer().then((buffer) => convert([Buffer.from(buffer)]));
      if (!this.#hasBody) return Promise.resolve([]).then(convert);
      if (this.#stream) {
        try {
          const read = new Response(this.#stream).arrayBuffer();
          // An empty body can close before any pull, which alone would leave bodyUsed false.
          this.#used = true;
          return read.then((buffer) => convert([Buffer.from(buffer)]));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      this.#used = true;
      return this.#readAll(convert);
    }

    #overLimit(): Error {
      if (this.#tracker) this.#tracker.exceeded = true;
      return payloadTooLarge(this[DRAIN_LIMIT]);
    }

    #readAll<T>(convert: (chunks: Buffer[]) => T): Promise<T> {
      const req = this.#req;
      if (req.destroyed && !req.complete) return Promise.reject(req.errored ?? abortError());
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const cleanup = (): void => {
          req.off("data", onData);
          req.off("end", onEnd);
          req.off("error", onError);
          req.off("close", onClose);
        };
        const onData = (chunk: Buffer): void => {
          this[RECEIVED] += chunk.byteLength;
          if (this[RECEIVED] > this[DRAIN_LIMIT]) {
            cleanup();
            // Stop reading; the listener closes the connection once the 413 is out.
            req.pause();
            reject(this.#overLimit());
            return;
          }
          chunks.push(chunk);
        };
        const onEnd = (): void => {
          cleanup();
          try {
            resolve(convert(chunks));
          } catch (error) {
            reject(error);
          }
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(error);
        };
        // A reset that surfaces no error would leave the read pending forever.
        const onClose = (): void => {
          cleanup();
          reject(req.errored ?? abortError());
        };
        // Plain listeners, not once-wrappers: cleanup() removes all four before any second event.
        req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
      });
    }

    /** The body as a web stream, read from the socket only as fast as it is consumed. */
    #openStream(): ReadableStream<Uint8Array> {
      const req = this.#req;
      return new ReadableStream<Uint8Array>(
        {
          start: (controller) => {
            if (req.destroyed && !req.complete) {
              controller.error(req.errored ?? abortError());
              return;
            }
            let settled = false;
            const fail = (error: unknown): void => {
              if (settled) return;
              settled = true;
              req.off("data", onData);
              controller.error(error);
            };
            const onData = (chunk: Buffer): void => {
              this[RECEIVED] += chunk.byteLength;
              if (this[RECEIVED] > this[DRAIN_LIMIT]) {
                req.pause();
                fail(this.#overLimit());
                return;
              }
              controller.enqueue(toUint8Array(chunk));
              if ((controller.desiredSize ?? 1) <= 0) req.pause();
            };
            req.on("data", onData);
            req.once("end", () => {
              if (settled) return;
              settled = true;
              controller.close();
            });
            req.once("error", fail);
            req.once("close", () => {
              if (!req.complete) fail(req.errored ?? abortError());
            });
            req.pause();
          },
          pull: () => {
            this.#streamDisturbed = true;
            req.resume();
          },
          cancel: () => {
            this.#streamDisturbed = true;
            // Whatever is left is drained (or the connection closed) once the response is out.
            req.pause();
            req.removeAllListeners("data");
          },
        },
        // Nothing is read from the socket until a consumer asks, so a pull means the body was disturbed.
        { highWaterMark: 0 },
      );
    }
  };
  // Everything else a Request has (cache, mode, redirect, ...) comes from a bodiless native one.
  standIn(NodeRequestClass, NativeRequest, REQUEST_PROPERTIES);
  return NodeRequestClass as unknown as new (req: IncomingMessage, res: ServerResponse) => NodeRequest;
}

let NodeRequestClass: (new (req: IncomingMessage, res: ServerResponse) => NodeRequest) | undefined;

/** The request class handlers receive on Node; teaches the globals to take it on first use. */
export function nodeRequestClass(): new (req: IncomingMessage, res: ServerResponse) => NodeRequest {
  if (NodeRequestClass === undefined) {
    NodeRequestClass = defineNodeRequest(nativeRequest());
    useStandInRequests();
  }
  return NodeRequestClass;
}
