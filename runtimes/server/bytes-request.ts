import { TO_NATIVE_REQUEST } from "../../src/internal.ts";
import type { BytesRequestFactory } from "../../src/internal.ts";
import { bodyUnusable, REQUEST_PROPERTIES, standIn } from "./stand-in.ts";

const decoder = new TextDecoder();

/**
 * The Request the wrappers hand on when they hold the body as bytes (a changed JSON body, or the bytes
 * they read): a native one costs a body stream and a signal following the caller's (about 35 µs on
 * Node 20), this one nothing until something asks. `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`
 * and `formData()` read the bytes, `body` is a stream over them, `signal` is the caller's, `headers` its
 * own; `mode`, `cache` and the rest come from a bodiless native Request built once. The global `Request`
 * and `fetch` unwrap it (fetch-globals.ts) into a native Request that takes the body, so it goes wherever
 * a native one goes.
 */
function defineBytesRequest(NativeRequest: typeof Request): new (source: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null) => Request {
  const BytesRequest = class Request {
    readonly #source: globalThis.Request;
    readonly #headers: Headers;
    readonly #bytes: Uint8Array<ArrayBuffer> | null;
    #stream: ReadableStream<Uint8Array> | null | undefined;
    #used = false;
    /** A consumer read from (or cancelled) the body stream: the spec's "disturbed". */
    #streamDisturbed = false;
    /** The native Request the body went to (`new Request(this)`, `fetch(this)`, a clone of a touched stream). */
    #native: globalThis.Request | undefined;
    #properties: globalThis.Request | undefined;
    #usedWhenMoved = false;

    constructor(source: globalThis.Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null) {
      this.#source = source;
      this.#headers = headers;
      this.#bytes = body;
    }

    get method(): string {
      return this.#source.method;
    }

    get url(): string {
      return this.#source.url;
    }

    get headers(): Headers {
      return this.#headers;
    }

    get signal(): AbortSignal {
      return this.#source.signal;
    }

    get body(): ReadableStream<Uint8Array> | null {
      if (this.#native) return this.#native.body;
      if (this.#stream === undefined) this.#stream = this.#bytes === null ? null : this.#openStream();
      return this.#stream;
    }

    get bodyUsed(): boolean {
      // Once the body went to a native Request, that one says (it may have been read through a tee).
      if (this.#native) return this.#usedWhenMoved || this.#native.bodyUsed;
      return this.#used || this.#streamDisturbed;
    }

    text(): Promise<string> {
      return this.#read().then((bytes) => decoder.decode(bytes));
    }

    json(): Promise<unknown> {
      return this.#read().then((bytes) => JSON.parse(decoder.decode(bytes)));
    }

    arrayBuffer(): Promise<ArrayBuffer> {
      return this.#read().then((bytes) => bytes.buffer);
    }

    bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return this.#read();
    }

    blob(): Promise<Blob> {
      // Through a native Response, which normalises the type as a native Request's blob() does.
      return this.#read().then((bytes) => new Response(bytes, this.#typed()).blob());
    }

    formData(): Promise<FormData> {
      // The native parser, fed the bytes: multipart and urlencoded behave exactly as natively.
      return this.#read().then((bytes) => new Response(bytes, this.#typed()).formData());
    }

    clone(): globalThis.Request {
      if (this.bodyUsed || this.#stream?.locked) throw new TypeError("Request.clone: Body has already been consumed.");
      if (this.#native || this.#stream) return this[TO_NATIVE_REQUEST]().clone();
      return new BytesRequest(this.#source, new Headers(this.#headers), this.#bytes) as unknown as globalThis.Request;
    }

    /** The native Request this one stands for, with its body when that is still there: what `new Request(this)` and `fetch(this)` take. */
    [TO_NATIVE_REQUEST](): globalThis.Request {
      if (this.#native === undefined) {
        const stream = this.#stream;
        this.#usedWhenMoved = this.bodyUsed;
        const usable = !this.#usedWhenMoved && !(stream?.locked ?? false);
        const body = usable ? (stream ?? this.#bytes) : null;
        const init: RequestInit & { duplex?: "half" } = { method: this.method, headers: this.#headers, signal: this.#source.signal, body };
        if (body) init.duplex = "half";
        this.#native = new NativeRequest(this.url, init);
      }
      return this.#native;
    }

    /** Built once, without a body or a signal: reading `mode` or inspecting the request moves nothing. */
    [REQUEST_PROPERTIES](): globalThis.Request {
      return (this.#properties ??= new NativeRequest(this.url, { method: this.method, headers: this.#headers }));
    }

    #typed(): ResponseInit {
      const type = this.#headers.get("content-type");
      return type === null ? {} : { headers: { "content-type": type } };
    }

    /** A fresh copy of the whole body (a reader may change what it gets), marking it used. */
    #read(): Promise<Uint8Array<ArrayBuffer>> {
      if (this.bodyUsed) return Promise.reject(bodyUnusable());
      if (this.#native) return this.#native.arrayBuffer().then((buffer) => new Uint8Array(buffer));
      // No body: nothing to use up, as natively.
      if (this.#bytes === null) return Promise.resolve(new Uint8Array(0));
      if (this.#stream) {
        try {
          const read = new Response(this.#stream).arrayBuffer();
          this.#used = true;
          return read.then((buffer) => new Uint8Array(buffer));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      this.#used = true;
      return Promise.resolve(this.#bytes.slice());
    }

    #openStream(): ReadableStream<Uint8Array> {
      const bytes = this.#bytes!;
      // A body already read is an empty, closed stream, as natively after text() (never null).
      const left = this.#used ? null : bytes;
      return new ReadableStream<Uint8Array>(
        {
          pull: (controller) => {
            this.#streamDisturbed = true;
            if (left !== null && left.byteLength > 0) controller.enqueue(left.slice());
            controller.close();
          },
          cancel: () => {
            this.#streamDisturbed = true;
          },
        },
        // Nothing is produced until a consumer asks, so a pull means the body was disturbed.
        { highWaterMark: 0 },
      );
    }
  };
  standIn(BytesRequest, NativeRequest, REQUEST_PROPERTIES);
  return BytesRequest as unknown as new (source: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null) => Request;
}

/** The factory the core's wrappers use once the global `Request` and `fetch` unwrap stand-ins. */
export function bytesRequestFactory(NativeRequest: typeof Request): BytesRequestFactory {
  const BytesRequest = defineBytesRequest(NativeRequest);
  return (source, headers, body) => new BytesRequest(source, headers, body);
}
