import { request as httpRequest } from "node:http";
import { connect } from "node:net";

/** One request as every transport sends it. */
export interface Exchange {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent with Content-Length, unless `chunked`. */
  body?: string;
  /** Send the body in these pieces with Transfer-Encoding: chunked (no Content-Length). */
  chunks?: string[];
  /** How long to wait for the whole answer. */
  timeoutMs?: number;
  /**
   * Over HTTP, hold the body back this long or until the answer comes, as a client sending
   * `Expect: 100-continue` would: a server refusing on the declared length answers at once and closes,
   * and a body still being written into that connection can make it reset before the answer is read.
   */
  holdBodyMs?: number;
}

/** What a case compares across transports. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Headers that carry meaning for clients; framing headers (content-length, transfer-encoding, date,
// connection, keep-alive) legitimately differ between servers and are left out.
const MEANINGFUL = /^(content-type|allow|x-.*)$/;

export function meaningfulHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (MEANINGFUL.test(lower)) picked[lower] = value;
  }
  return Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b)));
}

/** An answer read as far as it went: a body cut short by the server has `complete: false`. */
export interface PartialAnswer {
  status: number;
  body: string;
  complete: boolean;
  /** From sending the request to the end (or the cut) of the body. */
  elapsedMs: number;
}

/** A transport: sends an exchange and reads the whole answer, or abandons the request mid-way. */
export interface Client {
  send(exchange: Exchange): Promise<Answer>;
  /** Like `send`, but a body that ends in an error resolves with what arrived instead of rejecting. */
  read(exchange: Exchange): Promise<PartialAnswer>;
  /** Sends, then drops the connection once `until` resolves (or after the first body bytes when `afterFirstBytes`). */
  abandon(exchange: Exchange, until: { afterFirstBytes: boolean; when?: () => Promise<void> }): Promise<void>;
}

/** Over a real socket with node:http, so the bytes on the wire are what the server wrote. */
export function httpClient(baseUrl: string): Client {
  const url = new URL(baseUrl);
  const open = (exchange: Exchange) => {
    const headers: Record<string, string | number> = { ...exchange.headers };
    if (exchange.body !== undefined) headers["content-length"] = Buffer.byteLength(exchange.body);
    return httpRequest({ host: url.hostname, port: url.port, path: exchange.path, method: exchange.method, headers, agent: false });
  };
  const writeBody = async (req: ReturnType<typeof open>, exchange: Exchange): Promise<void> => {
    if (exchange.holdBodyMs !== undefined) {
      req.flushHeaders();
      const answered = await Promise.race([
        new Promise<boolean>((resolve) => req.once("response", () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), exchange.holdBodyMs)),
      ]);
      if (answered) {
        req.end();
        return;
      }
    }
    if (exchange.body !== undefined) req.write(exchange.body);
    for (const chunk of exchange.chunks ?? []) {
      req.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    req.end();
  };
  return {
    send(exchange) {
      // node:http drops whatever follows a HEAD response's headers, so HEAD is read off the socket.
      if (exchange.method === "HEAD") return rawHead(url, exchange);
      return new Promise<Answer>((resolve, reject) => {
        const req = open(exchange);
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error(`no complete answer to ${exchange.method} ${exchange.path} within ${exchange.timeoutMs ?? 15_000} ms`));
        }, exchange.timeoutMs ?? 15_000);
        let answering = false;
        req.on("error", (error) => {
          // A server that answers before the upload ends (a 413 on the declared length) may reset the
          // connection while the body is still being written: once the answer began, it decides.
          if (answering) return;
          clearTimeout(timer);
          reject(error);
        });
        req.on("response", (response) => {
          answering = true;
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("close", () => {
            if (!response.complete) reject(new Error(`the answer to ${exchange.method} ${exchange.path} was cut`));
          });
          response.on("end", () => {
            clearTimeout(timer);
            const pairs: Array<[string, string]> = [];
            for (let i = 0; i < response.rawHeaders.length; i += 2) pairs.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!]);
            resolve({ status: response.statusCode ?? 0, headers: meaningfulHeaders(pairs), body: Buffer.concat(chunks).toString("utf8") });
          });
        });
        void writeBody(req, exchange);
      });
    },
    read(exchange) {
      const started = performance.now();
      return new Promise<PartialAnswer>((resolve, reject) => {
        const req = open(exchange);
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error(`the answer to ${exchange.method} ${exchange.path} neither ended nor was cut within ${exchange.timeoutMs ?? 15_000} ms`));
        }, exchange.timeoutMs ?? 15_000);
        let cut: (() => void) | undefined;
        req.on("error", (error) => {
          clearTimeout(timer);
          // A reset after the status line is a cut body, not a failed request.
          if (cut) cut();
          else reject(error);
        });
        req.on("response", (response) => {
          const chunks: Buffer[] = [];
          const finish = (complete: boolean) => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), complete, elapsedMs: performance.now() - started });
          };
          cut = () => finish(false);
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", () => finish(false));
          response.on("end", () => finish(response.complete));
        });
        void writeBody(req, exchange);
      });
    },
    async abandon(exchange, until) {
      const req = open(exchange);
      req.on("error", () => undefined);
      const firstBytes = new Promise<void>((resolve) => req.on("response", (response) => response.once("data", () => resolve())));
      void writeBody(req, exchange);
      if (until.afterFirstBytes) await withTimeout(firstBytes, 10_000, "first response bytes");
      if (until.when) await until.when();
      req.destroy();
    },
  };
}

/** A HEAD over a raw socket with `Connection: close`: every byte after the header block counts as body. */
function rawHead(url: URL, exchange: Exchange): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to HEAD ${exchange.path} within ${exchange.timeoutMs ?? 15_000} ms`));
    }, exchange.timeoutMs ?? 15_000);
    // Stray body bytes follow the head at once; a server that keeps the connection open gets 300 ms more.
    let quiet: ReturnType<typeof setTimeout> | undefined;
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(quiet);
      if (Buffer.concat(chunks).includes("\r\n\r\n")) quiet = setTimeout(() => socket.destroy(), 300);
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      const raw = Buffer.concat(chunks).toString("latin1");
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return reject(new Error(`no response head to HEAD ${exchange.path}: ${JSON.stringify(raw)}`));
      const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
      const pairs = lines.map((line): [string, string] => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]);
      const body = Buffer.from(raw.slice(end + 4), "latin1").toString("utf8");
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1] ?? 0), headers: meaningfulHeaders(pairs), body });
    });
    const headers = Object.entries({ ...exchange.headers, host: url.host, connection: "close" }).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`HEAD ${exchange.path} HTTP/1.1\r\n${headers.join("")}\r\n`);
  });
}

/** No socket: `handler.fetch(new Request(...))`, with the headers an HTTP client would have sent. */
export function inProcessClient(fetch: (request: Request) => Promise<Response>): Client {
  const build = (exchange: Exchange, signal?: AbortSignal): Request => {
    const headers = new Headers(exchange.headers);
    let body: BodyInit | undefined;
    if (exchange.body !== undefined) {
      headers.set("content-length", String(Buffer.byteLength(exchange.body)));
      body = exchange.body;
    } else if (exchange.chunks) {
      const encoder = new TextEncoder();
      const pieces = exchange.chunks.map((chunk) => encoder.encode(chunk));
      body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = pieces.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
    }
    return new Request(`http://127.0.0.1${exchange.path}`, { method: exchange.method, headers, body, signal, duplex: "half" } as RequestInit);
  };
  return {
    async send(exchange) {
      const response = await fetch(build(exchange));
      const body = Buffer.from(await response.arrayBuffer()).toString("utf8");
      return { status: response.status, headers: meaningfulHeaders(response.headers), body };
    },
    async read(exchange) {
      const started = performance.now();
      const response = await fetch(build(exchange));
      const chunks: Uint8Array[] = [];
      let complete = true;
      const reader = response.body?.getReader();
      try {
        for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) chunks.push(next.value);
      } catch {
        complete = false;
      }
      return { status: response.status, body: Buffer.concat(chunks).toString("utf8"), complete, elapsedMs: performance.now() - started };
    },
    async abandon(exchange, until) {
      const controller = new AbortController();
      const response = fetch(build(exchange, controller.signal));
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      if (until.afterFirstBytes) {
        reader = (await response).body?.getReader();
        await reader?.read();
      }
      if (until.when) await until.when();
      controller.abort(new DOMException("client went away", "AbortError"));
      // What a server does when the socket closes mid-response: cancel the body it was sending.
      await reader?.cancel().catch(() => undefined);
    },
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
