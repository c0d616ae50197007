import { TO_NATIVE_REQUEST } from "../../src/internal.ts";
import type { BytesRequestFactory } from "../../src/internal.ts";
import { standIn } from "./stand-in.ts";

const decoder = new TextDecoder();

function bodyUnusable(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}

/**
 * The Request the wrappers hand on when they hold the body as bytes (a changed JSON body, or the bytes
 * they read): a native one costs a body stream and a signal following the caller's (about 35 µs on
 * Node 20), this one nothing until something asks. `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`
 * and `formData()` read the bytes, `body` is a stream over them, `signal` is the caller's; anything else
 * builds the native Request it stands for, once, and answers from it. The global `Request` and `fetch`
 * unwrap it (fetch-globals.ts), so it goes wherever a native one goes.
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
    #native: globalThis.Request | undefined;

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
      return this.#native ? this.#native.headers : this.#headers;
    }

    get signal(): AbortSignal {
      return this.#native ? this.#native.signal : this.#source.signal;
    }

    get body(): ReadableStream<Uint8Array> | null {
      if (this.#native) return this.#native.body;
      if (this.#stream === undefined) this.#stream = this.#bytes === null || this.#used ? null : this.#openStream();
      return this.#stream;
    }

    get bodyUsed(): boolean {
      if (this.#native) return this.#native.bodyUsed;
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
      return this.#read().then((bytes) => new Blob([bytes], { type: this.headers.get("content-type") ?? "" }));
    }

    formData(): Promise<FormData> {
      // The native parser, fed the bytes: multipart and urlencoded behave exactly as natively.
      return this.#read().then((bytes) => {
        const type = this.headers.get("content-type");
        return new Response(bytes, type === null ? {} : { headers: { "content-type": type } }).formData();
      });
    }

    clone(): globalThis.Request {
      if (this.bodyUsed) throw new TypeError("Request.clone: Body has already been consumed.");
      if (this.#native || this.#stream) return this[TO_NATIVE_REQUEST]().clone();
      return new BytesRequest(this.#source, new Headers(this.#headers), this.#bytes) as unknown as globalThis.Request;
    }

    /** The native Request this one stands for, built (once) when something needs one. */
    [TO_NATIVE_REQUEST](): globalThis.Request {
      if (this.#native === undefined) {
        const body = this.#used ? null : this.body;
        const init: RequestInit & { duplex?: "half" } = { method: this.method, headers: this.#headers, signal: this.#source.signal, body };
        if (body) init.duplex = "half";
        this.#native = new NativeRequest(this.url, init);
      }
      return this.#native;
    }

    /** A fresh copy of the whole body (a reader may change what it gets), marking it used. */
    #read(): Promise<Uint8Array<ArrayBuffer>> {
      if (this.#native) return this.#native.arrayBuffer().then((buffer) => new Uint8Array(buffer));
      if (this.bodyUsed) return Promise.reject(bodyUnusable());
      // No body: nothing to use up, as natively.
      if (this.#bytes === null) return Promise.resolve(new Uint8Array(0));
      this.#used = true;
      if (this.#stream) {
        try {
          return new Response(this.#stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return Promise.resolve(this.#bytes.slice());
    }

    #openStream(): ReadableStream<Uint8Array> {
      const bytes = this.#bytes!;
      return new ReadableStream<Uint8Array>(
        {
          pull: (controller) => {
            this.#streamDisturbed = true;
            if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
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
  standIn(BytesRequest, NativeRequest, TO_NATIVE_REQUEST);
  return BytesRequest as unknown as new (source: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null) => Request;
}

/** The factory the core's wrappers use once the global `Request` and `fetch` unwrap stand-ins. */
export function bytesRequestFactory(NativeRequest: typeof Request): BytesRequestFactory {
  const BytesRequest = defineBytesRequest(NativeRequest);
  return (source, headers, body) => new BytesRequest(source, headers, body);
}
