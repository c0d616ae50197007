/**
 * A stand-in for an SGLang server (`python -m sglang.launch_server`), for tests and docs: no model,
 * but SGLang's routes, request validation, response shapes, SSE framing and status codes.
 *
 * Mirrored from sgl-project/sglang (python/sglang/srt/entrypoints/http_server.py,
 * python/sglang/srt/managers/io_struct.py, python/sglang/srt/entrypoints/openai/protocol.py):
 * - `GET /health`, `GET /health_generate`: 200 with an empty body, 503 with an empty body while the
 *   server is starting or unhealthy. Recent SGLang runs a one-token generation for both, so a health
 *   check takes a while (`healthDelayMs`).
 * - `GET /ping`: SGLang's own SageMaker ping, 200 unconditionally. `POST /invocations`: SGLang's own,
 *   chat completions only.
 * - `POST /v1/chat/completions`, `POST /v1/completions`: OpenAI shapes; `stream: true` answers
 *   `text/event-stream` with `data: <json>\n\n` chunks and a final `data: [DONE]\n\n`. A request whose
 *   content type is not `application/json` is a 400 (`validate_json_request`). `model="base:adapter"`
 *   selects adapter `adapter` (sglang PR #11570); the adapter must be loaded, else 400.
 * - `POST|PUT /generate`: `GenerateReqInput` (`text` or `input_ids`, `sampling_params`, `stream`,
 *   `lora_path`, `session_params`), answer `{text, meta_info}`; streaming as above with cumulative text.
 * - `POST /load_lora_adapter` `{lora_name, lora_path, pinned?}`, `POST /unload_lora_adapter`
 *   `{lora_name}`: `LoRAUpdateOutput` `{success, error_message, loaded_adapters}`, 200 or 400.
 * - `GET|POST /open_session` `{capacity_of_str_len, session_id?}`: the new id as a JSON string; a
 *   duplicate id is 400. `GET|POST /close_session` `{session_id}`: 200 with an empty body (SGLang
 *   does not report unknown ids).
 * - Errors: request validation (FastAPI `RequestValidationError`, turned into 400 by SGLang) and
 *   OpenAI-route errors are `ErrorResponse` `{object, message, type, param, code}`; native-route
 *   errors are `_create_error_response`: 400 `{"error": {"message": ...}}`.
 * Error texts are SGLang's where its source has them; the validation message is a short summary of
 * pydantic's, which SGLang prints verbatim.
 *
 * Run it alone: `npx tsx test/examples/sglang/_standin.ts --port 30000`.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinOptions {
  /** The served model name (`--served-model-name`). Default `qwen/qwen2.5-0.5b-instruct`. */
  model?: string;
  port?: number;
  hostname?: string;
  /** How long a health check takes. Default 0. */
  healthDelayMs?: number;
  /** Pause between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** `--enable-lora`. Default true. */
  enableLora?: boolean;
  /** Adapter paths that "exist"; default: any absolute path not containing `missing`. */
  adapterPathExists?: (path: string) => boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface StandinState {
  healthy: boolean;
  healthDelayMs: number;
  chunkDelayMs: number;
  readonly adapters: Map<string, string>;
  readonly sessions: Set<string>;
  readonly requests: RecordedRequest[];
  /** Streams whose client went away before `[DONE]` (SGLang aborts those requests). */
  aborted: number;
  /** Streams currently being written. */
  streaming: number;
  /** For each health check the client hung up on before the answer: ms from its arrival to the hang-up. */
  readonly healthHangUps: number[];
}

export interface Standin {
  readonly url: string;
  readonly port: number;
  readonly state: StandinState;
  close(): Promise<void>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

class BadRequest extends Error {
  readonly kind: "validation" | "openai" | "native";

  constructor(message: string, kind: "validation" | "openai" | "native") {
    super(message);
    this.kind = kind;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const model = options.model ?? "qwen/qwen2.5-0.5b-instruct";
  const enableLora = options.enableLora ?? true;
  const pathExists = options.adapterPathExists ?? ((path: string) => path.startsWith("/") && !path.includes("missing"));
  const state: StandinState = {
    healthy: true,
    healthDelayMs: options.healthDelayMs ?? 0,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    adapters: new Map(),
    sessions: new Set(),
    requests: [],
    aborted: 0,
    streaming: 0,
    healthHangUps: [],
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { detail: String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://standin");
    const raw = await readBody(request);
    const method = request.method ?? "GET";
    const path = url.pathname;
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    let body: unknown = raw;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      // kept as text; routes that need JSON answer 400
    }
    state.requests.push({ method, path, headers, body });
    try {
      await route(method, path, request, response, raw, body);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      if (error.kind === "native") send(response, 400, { error: { message: error.message } });
      else send(response, 400, errorResponse(error.message, error.kind === "validation" ? "Bad Request" : "BadRequestError"));
    }
  }

  async function route(method: string, path: string, request: IncomingMessage, response: ServerResponse, raw: string, body: unknown): Promise<void> {
    const is = (m: string[], p: string) => m.includes(method) && path === p;
    if (is(["GET"], "/health") || is(["GET"], "/health_generate")) {
      const arrived = performance.now();
      response.once("close", () => {
        if (!response.writableFinished) state.healthHangUps.push(performance.now() - arrived);
      });
      if (state.healthDelayMs > 0) await sleep(state.healthDelayMs);
      if (response.destroyed) return;
      return sendEmpty(response, state.healthy ? 200 : 503);
    }
    if (is(["GET"], "/ping")) return sendEmpty(response, 200);
    if (is(["GET"], "/get_model_info")) {
      return send(response, 200, { model_path: model, tokenizer_path: model, is_generation: true, preferred_sampling_params: null, weight_version: "default" });
    }
    if (is(["GET"], "/v1/models")) {
      const cards: Json[] = [{ id: model, object: "model", created: now(), owned_by: "sglang", root: model, parent: null, max_model_len: 32768 }];
      for (const [name, lora] of state.adapters) {
        cards.push({ id: name, object: "model", created: now(), owned_by: "sglang", root: lora, parent: model, max_model_len: 32768 });
      }
      return send(response, 200, { object: "list", data: cards });
    }
    if (is(["POST"], "/v1/chat/completions") || is(["POST"], "/invocations")) {
      if (path !== "/invocations") requireJsonContentType(request);
      return chat(request, response, validObject(raw, body));
    }
    if (is(["POST"], "/v1/completions")) {
      requireJsonContentType(request);
      return completion(request, response, validObject(raw, body));
    }
    if (is(["POST", "PUT"], "/generate")) return generate(request, response, validObject(raw, body));
    if (is(["POST"], "/load_lora_adapter")) return loadAdapter(response, validObject(raw, body));
    if (is(["POST"], "/unload_lora_adapter")) return unloadAdapter(response, validObject(raw, body));
    if (is(["GET", "POST"], "/open_session")) return openSession(response, validObject(raw, body));
    if (is(["GET", "POST"], "/close_session")) return closeSession(response, validObject(raw, body));
    const known = ["/health", "/health_generate", "/ping", "/get_model_info", "/v1/models", "/v1/chat/completions", "/invocations", "/v1/completions", "/generate", "/load_lora_adapter", "/unload_lora_adapter", "/open_session", "/close_session"];
    if (known.includes(path)) return send(response, 405, { detail: "Method Not Allowed" });
    return send(response, 404, { detail: "Not Found" });
  }

  function requireJsonContentType(request: IncomingMessage): void {
    const mediaType = (request.headers["content-type"] ?? "").toLowerCase().split(";", 1)[0]?.trim();
    if (mediaType !== "application/json") {
      throw new BadRequest("1 validation error:\n  {'loc': ('header', 'content-type'), 'msg': \"Unsupported Media Type: Only 'application/json' is allowed\", 'type': 'value_error'}", "validation");
    }
  }

  /** The adapter a request selects: `model="base:adapter"` wins over `lora_path`, as in SGLang. */
  function selectAdapter(modelField: Json | undefined, loraPath: Json | undefined): string | undefined {
    let adapter: string | undefined;
    if (typeof modelField === "string" && modelField.includes(":")) adapter = modelField.slice(modelField.indexOf(":") + 1);
    else if (typeof loraPath === "string") adapter = loraPath;
    if (adapter === undefined) return undefined;
    if (!enableLora) throw new BadRequest("LoRA is not enabled. Please set `--enable-lora` to enable LoRA.", "openai");
    if (!state.adapters.has(adapter)) {
      const loaded = `dict_keys([${[...state.adapters.keys()].map((name) => `'${name}'`).join(", ")}])`;
      throw new BadRequest(`The following requested LoRA adapters are not loaded: ${adapter}\nLoaded adapters: ${loaded}.`, "openai");
    }
    return adapter;
  }

  async function chat(request: IncomingMessage, response: ServerResponse, body: JsonObject): Promise<void> {
    const messages = body.messages;
    if (!Array.isArray(messages)) throw new BadRequest(fieldError("messages", body), "validation");
    const last = [...messages].reverse().find((m) => isObject(m) && m.role === "user");
    const prompt = isObject(last) && typeof last.content === "string" ? last.content : "";
    const adapter = selectAdapter(body.model, body.lora_path);
    const text = reply(prompt, adapter);
    const id = `chatcmpl-${hex()}`;
    const name = typeof body.model === "string" ? body.model : model;
    if (body.stream === true) {
      const pieces = words(text);
      const chunks: Json[] = [
        { id, object: "chat.completion.chunk", created: now(), model: name, choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null, matched_stop: null }], usage: null },
        ...pieces.map((piece): Json => ({ id, object: "chat.completion.chunk", created: now(), model: name, choices: [{ index: 0, delta: { role: null, content: piece }, logprobs: null, finish_reason: null, matched_stop: null }], usage: null })),
        { id, object: "chat.completion.chunk", created: now(), model: name, choices: [{ index: 0, delta: { role: null, content: null }, logprobs: null, finish_reason: "stop", matched_stop: 151645 }], usage: null },
      ];
      return stream(request, response, chunks);
    }
    send(response, 200, {
      id,
      object: "chat.completion",
      created: now(),
      model: name,
      choices: [{ index: 0, message: { role: "assistant", content: text, reasoning_content: null, tool_calls: null }, logprobs: null, finish_reason: "stop", matched_stop: 151645 }],
      usage: usage(prompt, text),
      metadata: { weight_version: "default" },
    });
  }

  async function completion(request: IncomingMessage, response: ServerResponse, body: JsonObject): Promise<void> {
    const prompt = body.prompt;
    if (typeof prompt !== "string" && !Array.isArray(prompt)) throw new BadRequest(fieldError("prompt", body), "validation");
    const adapter = selectAdapter(body.model, body.lora_path);
    const text = reply(typeof prompt === "string" ? prompt : prompt.map(String).join(" "), adapter);
    const id = hex();
    const name = typeof body.model === "string" ? body.model : model;
    if (body.stream === true) {
      const pieces = words(text);
      const chunks: Json[] = pieces.map((piece, index): Json => ({
        id,
        object: "text_completion",
        created: now(),
        model: name,
        choices: [{ index: 0, text: piece, logprobs: null, finish_reason: index === pieces.length - 1 ? "stop" : null, matched_stop: index === pieces.length - 1 ? 151645 : null }],
        usage: null,
      }));
      return stream(request, response, chunks);
    }
    send(response, 200, {
      id,
      object: "text_completion",
      created: now(),
      model: name,
      choices: [{ index: 0, text, logprobs: null, finish_reason: "stop", matched_stop: 151645 }],
      usage: usage(String(prompt), text),
      metadata: { weight_version: "default" },
    });
  }

  async function generate(request: IncomingMessage, response: ServerResponse, body: JsonObject): Promise<void> {
    const input = body.text ?? body.input_ids;
    if (input === undefined || input === null) {
      throw new BadRequest("Either text, input_ids or input_embeds should be provided.", "native");
    }
    const session = body.session_params;
    if (isObject(session) && session.id !== undefined && session.id !== null) {
      if (typeof session.id !== "string" || !state.sessions.has(session.id)) {
        throw new BadRequest(`Invalid request: session id ${String(session.id)} does not exist`, "native");
      }
    }
    let adapter: string | undefined;
    try {
      adapter = selectAdapter(undefined, body.lora_path);
    } catch (error) {
      throw error instanceof BadRequest ? new BadRequest(error.message, "native") : error;
    }
    const prompt = typeof input === "string" ? input : JSON.stringify(input);
    const text = reply(prompt, adapter);
    const rid = hex();
    const meta = (soFar: string, done: boolean): Json => ({
      id: rid,
      finish_reason: done ? { type: "stop", matched: 151645 } : null,
      prompt_tokens: count(prompt),
      weight_version: "default",
      completion_tokens: count(soFar),
      cached_tokens: 0,
      e2e_latency: 0.001,
    });
    if (body.stream === true) {
      let soFar = "";
      const pieces = words(text);
      const chunks: Json[] = pieces.map((piece, index): Json => {
        soFar += piece;
        return { text: soFar, output_ids: [], meta_info: meta(soFar, index === pieces.length - 1) };
      });
      return stream(request, response, chunks);
    }
    send(response, 200, { text, output_ids: [], meta_info: meta(text, true) });
  }

  function loadAdapter(response: ServerResponse, body: JsonObject): void {
    if (typeof body.lora_name !== "string") throw new BadRequest(fieldError("lora_name", body), "validation");
    if (typeof body.lora_path !== "string") throw new BadRequest(fieldError("lora_path", body), "validation");
    const name = body.lora_name;
    const path = body.lora_path;
    let failure: string | undefined;
    if (!enableLora) failure = "LoRA is not enabled. Please set `--enable-lora` to enable LoRA.";
    else if (state.adapters.has(name)) failure = `Failed to load LoRA adapter ${name}: The LoRA adapter ${name} is already loaded.`;
    else if (!pathExists(path)) failure = `Failed to load LoRA adapter ${name}: Can't find '${path}'.`;
    if (failure) return send(response, 400, { success: false, error_message: failure, loaded_adapters: null });
    state.adapters.set(name, path);
    send(response, 200, { success: true, error_message: null, loaded_adapters: Object.fromEntries(state.adapters) });
  }

  function unloadAdapter(response: ServerResponse, body: JsonObject): void {
    if (typeof body.lora_name !== "string") throw new BadRequest(fieldError("lora_name", body), "validation");
    const name = body.lora_name;
    let failure: string | undefined;
    if (!enableLora) failure = "LoRA is not enabled. Please set `--enable-lora` to enable LoRA.";
    else if (!state.adapters.has(name)) failure = `LoRA adapter ${name} is not loaded.`;
    if (failure) return send(response, 400, { success: false, error_message: failure, loaded_adapters: null });
    state.adapters.delete(name);
    send(response, 200, { success: true, error_message: null, loaded_adapters: Object.fromEntries(state.adapters) });
  }

  function openSession(response: ServerResponse, body: JsonObject): void {
    if (typeof body.capacity_of_str_len !== "number" || !Number.isInteger(body.capacity_of_str_len)) {
      throw new BadRequest(fieldError("capacity_of_str_len", body), "validation");
    }
    const requested = body.session_id;
    const id = typeof requested === "string" ? requested : hex();
    if (state.sessions.has(id)) {
      throw new BadRequest("Failed to open the session. Check if a session with the same id is still open.", "native");
    }
    state.sessions.add(id);
    send(response, 200, id);
  }

  function closeSession(response: ServerResponse, body: JsonObject): void {
    if (typeof body.session_id !== "string") throw new BadRequest(fieldError("session_id", body), "validation");
    state.sessions.delete(body.session_id);
    sendEmpty(response, 200);
  }

  /** Writes SSE chunks with backpressure; stops (and counts an abort) when the client goes away. */
  async function stream(request: IncomingMessage, response: ServerResponse, chunks: Json[]): Promise<void> {
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    response.flushHeaders();
    let gone = false;
    const markGone = (): void => {
      if (!response.writableFinished) gone = true;
    };
    response.once("close", markGone);
    request.once("aborted", markGone);
    state.streaming++;
    try {
      for (const chunk of chunks) {
        if (state.chunkDelayMs > 0) await sleep(state.chunkDelayMs);
        if (gone || response.destroyed) break;
        if (!response.write(`data: ${JSON.stringify(chunk)}\n\n`)) await drainOrClose(response);
      }
      if (gone || response.destroyed) {
        state.aborted++;
        return;
      }
      response.end("data: [DONE]\n\n");
    } finally {
      state.streaming--;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function drainOrClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.once("drain", done);
    response.once("close", done);
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

function validObject(raw: string, body: unknown): JsonObject {
  if (raw.trim() === "" || body === raw) {
    throw new BadRequest("1 validation error:\n  {'type': 'json_invalid', 'loc': ('body', 0), 'msg': 'JSON decode error', 'input': {}}", "validation");
  }
  if (!isObject(body)) throw new BadRequest("1 validation error:\n  {'type': 'dict_type', 'loc': ('body',), 'msg': 'Input should be a valid dictionary'}", "validation");
  return body;
}

function fieldError(field: string, body: JsonObject): string {
  const type = field in body ? "invalid_type" : "missing";
  const msg = field in body ? "Input has the wrong type" : "Field required";
  return `1 validation error:\n  {'type': '${type}', 'loc': ('body', '${field}'), 'msg': '${msg}'}`;
}

function errorResponse(message: string, type: string): Json {
  return { object: "error", message, type, param: null, code: 400 };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The "model": deterministic, so tests and docs can compare outputs. */
function reply(prompt: string, adapter: string | undefined): string {
  return `${adapter ? `[${adapter}] ` : ""}You said: ${prompt}`;
}

function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function count(text: string): number {
  return words(text).length;
}

function usage(prompt: string, text: string): Json {
  const promptTokens = count(prompt);
  const completionTokens = count(text);
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null, reasoning_tokens: 0 };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function hex(): string {
  return randomUUID().replaceAll("-", "");
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { "content-length": 0 });
  response.end();
}

const invokedDirectly = process.argv[1]?.endsWith("sglang/_standin.ts") ?? false;
if (invokedDirectly) {
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 30000;
  const running = await startStandin({ port, hostname: "127.0.0.1" });
  console.log(`SGLang stand-in listening on ${running.url}`);
}
