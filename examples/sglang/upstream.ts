import { HttpError } from "model-hosting-container-standards";
import type { SglangOptions } from "./options.ts";

// Per-hop headers, and ones the runtime recomputes for the body it actually sends.
const DROPPED = ["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"];

/** Talks to one SGLang server. */
export class Upstream {
  readonly #options: SglangOptions;
  #servedModel: Promise<string> | undefined;

  constructor(options: SglangOptions) {
    this.#options = options;
  }

  /** POSTs JSON; the answer (SSE included) is passed back unbuffered, and `signal` cancels the upstream request. */
  async postJson(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    const headers = this.#headers();
    headers.set("content-type", "application/json");
    return this.#send(path, { method: "POST", headers, body: JSON.stringify(body), signal });
  }

  /** GETs a path, e.g. the health endpoint. */
  async get(path: string, signal: AbortSignal): Promise<Response> {
    return this.#send(path, { headers: this.#headers(), signal });
  }

  /** Forwards a request as it came (method, path, query, headers, body): the engine's own routes. */
  async forward(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const name of DROPPED) headers.delete(name);
    this.#headers().forEach((value, name) => headers.set(name, value));
    const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
    return this.#send(`${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : null,
      signal: request.signal,
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
  }

  /** The served model name, for `model="base:adapter"` when a request names no model. */
  servedModel(signal: AbortSignal): Promise<string> {
    if (this.#options.servedModelName) return Promise.resolve(this.#options.servedModelName);
    this.#servedModel ??= this.#send("/v1/models", { headers: this.#headers(), signal })
      .then(async (response) => {
        const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
        const id = body.data?.[0]?.id;
        if (!response.ok || typeof id !== "string") throw new HttpError(502, "SGLang did not report a served model on /v1/models");
        return id;
      })
      .catch((error: unknown) => {
        this.#servedModel = undefined;
        throw error;
      });
    return this.#servedModel;
  }

  get options(): SglangOptions {
    return this.#options;
  }

  #headers(): Headers {
    const headers = new Headers();
    if (this.#options.apiKey) headers.set("authorization", `Bearer ${this.#options.apiKey}`);
    return headers;
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.#options.url}${path}`, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new HttpError(502, `SGLang is not reachable at ${this.#options.url}: ${reason(error)}`);
    }
    const headers = new Headers(response.headers);
    for (const name of DROPPED) headers.delete(name);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
