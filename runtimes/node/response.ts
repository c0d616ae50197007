import { STATUS_CODES } from "node:http";
import type { OutgoingHttpHeaders } from "node:http";
import { useTextResponses } from "../../src/internal.ts";
import { standIn } from "../server/stand-in.ts";

type HeadersSource = Readonly<Record<string, string>> | Headers;

const TO_NATIVE = Symbol("toNativeResponse");

/** What the Node writer needs of a library-built Response that nobody has read: one `writeHead` and one `end()`. */
export interface PlainTextAnswer {
  status: number;
  statusText: string;
  headers: OutgoingHttpHeaders;
  body: string;
}

let plainTextOf: (response: Response) => PlainTextAnswer | undefined = () => undefined;

/** The string body and head of a library-built Response still unread, else undefined (then it is pumped as a stream). */
export function plainText(response: Response): PlainTextAnswer | undefined {
  return plainTextOf(response);
}

function outgoing(headers: HeadersSource): OutgoingHttpHeaders {
  if (!(headers instanceof Headers)) return { ...headers };
  const result: OutgoingHttpHeaders = {};
  headers.forEach((value, name) => {
    result[name] = name === "set-cookie" ? headers.getSetCookie() : value;
  });
  return result;
}

/**
 * A Response for the strings and JSON the library answers with on Node: the string is kept as is, and the
 * native Response (a web stream for its body on Node 20) is built only if something other than the Node
 * writer asks for more than status and headers. The prototype is the native `Response.prototype`.
 */
function defineTextResponse(NativeResponse: typeof Response): new (body: string, status: number, headers: HeadersSource) => Response {
  const TextResponse = class Response {
    readonly #body: string;
    readonly #status: number;
    readonly #headersSource: HeadersSource;
    #headers: Headers | undefined;
    #native: globalThis.Response | undefined;
    #used = false;

    constructor(body: string, status: number, headers: HeadersSource) {
      this.#body = body;
      this.#status = status;
      this.#headersSource = headers;
    }

    get status(): number {
      return this.#status;
    }

    get ok(): boolean {
      return this.#status >= 200 && this.#status <= 299;
    }

    get statusText(): string {
      return "";
    }

    get headers(): Headers {
      if (this.#native) return this.#native.headers;
      return (this.#headers ??= new Headers(this.#headersSource));
    }

    get bodyUsed(): boolean {
      return this.#native ? this.#native.bodyUsed : this.#used;
    }

    get body(): ReadableStream<Uint8Array> | null {
      return this.#toNative().body;
    }

    text(): Promise<string> {
      if (this.#native) return this.#native.text();
      if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this.#used = true;
      return Promise.resolve(this.#body);
    }

    json(): Promise<unknown> {
      if (this.#native) return this.#native.json();
      if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this.#used = true;
      try {
        return Promise.resolve(JSON.parse(this.#body));
      } catch (error) {
        return Promise.reject(error);
      }
    }

    clone(): globalThis.Response {
      return this.#toNative().clone();
    }

    [TO_NATIVE](): globalThis.Response {
      return this.#toNative();
    }

    /** Read by the Node writer only. */
    static plainText(response: globalThis.Response): PlainTextAnswer | undefined {
      if (!(#body in response)) return undefined;
      const own = response as unknown as InstanceType<typeof TextResponse>;
      if (own.#native || own.#used) return undefined;
      own.#used = true;
      return { status: own.#status, statusText: STATUS_CODES[own.#status] ?? "", headers: outgoing(own.#headers ?? own.#headersSource), body: own.#body };
    }

    #toNative(): globalThis.Response {
      if (this.#native === undefined) {
        // A body already handed out as text is gone, as it is natively.
        this.#native = new NativeResponse(this.#used ? null : this.#body, { status: this.#status, headers: this.headers });
        if (this.#used) void this.#native.body?.cancel();
      }
      return this.#native;
    }
  };
  // Everything else a Response has (type, url, redirected, arrayBuffer, blob, formData, bytes, ...) comes
  // from the native one it stands for.
  standIn(TextResponse, NativeResponse, TO_NATIVE);
  plainTextOf = (response) => TextResponse.plainText(response);
  return TextResponse as unknown as new (body: string, status: number, headers: HeadersSource) => Response;
}

let installed = false;

/** Makes the library's string and JSON answers TextResponses (once per process, when a Node listener is created). */
export function installTextResponses(): void {
  if (installed) return;
  installed = true;
  const TextResponse = defineTextResponse(globalThis.Response);
  useTextResponses((body, status, headers) => new TextResponse(body, status, headers));
}
