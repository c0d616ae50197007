import type { SageMakerHandler } from "../../src/types.ts";

export interface Call {
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  json: unknown;
}

/** A client over either a handler (in process) or a base URL (a real socket). */
export type Client = (method: string, path: string, call?: Call) => Promise<Answer>;

export function inProcess(handler: SageMakerHandler): Client {
  return async (method, path, call = {}) => toAnswer(await handler.fetch(new Request(`http://127.0.0.1${path}`, init(method, call))));
}

export function overHttp(baseUrl: string): Client {
  return async (method, path, call = {}) => toAnswer(await fetch(`${baseUrl}${path}`, { ...init(method, call), signal: AbortSignal.timeout(20_000) }));
}

function init(method: string, call: Call): RequestInit {
  return { method, headers: call.headers, body: call.body };
}

async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A JSON body and its content type. */
export function jsonCall(value: unknown, headers: Record<string, string> = {}): Call {
  return { body: JSON.stringify(value), headers: { "content-type": "application/json", ...headers } };
}

/** The pydantic-style issue list inside a register 400's `detail` string. */
export function issuesOf(answer: Answer): Array<{ type: string; loc: unknown[]; msg: string }> {
  const detail = (answer.json as { detail?: unknown } | undefined)?.detail;
  if (typeof detail !== "string") throw new Error(`expected a string detail, got ${answer.text}`);
  return JSON.parse(detail) as Array<{ type: string; loc: unknown[]; msg: string }>;
}

/** Runs `suite` once in process and once over a real Node socket on 127.0.0.1. */
export const TRANSPORTS = ["in-process", "node-socket"] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface Started {
  client: Client;
  close(): Promise<void>;
}

/** `keepOpen`: the handler is a module singleton (an example) that a later transport reuses. */
export async function start(handler: SageMakerHandler, transport: Transport, options: { keepOpen?: boolean } = {}): Promise<Started> {
  await handler.ready();
  if (transport === "in-process") return { client: inProcess(handler), close: async () => (options.keepOpen ? undefined : handler.close()) };
  const { serve } = await import("../../runtimes/node/index.ts");
  const server = await serve(handler, { port: 0, hostname: "127.0.0.1", handleSignals: false, announce: false, exitOnStartupError: false });
  return { client: overHttp(`http://127.0.0.1:${server.port}`), close: () => server.close() };
}

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
