/**
 * The three request formats SageMaker users send, told apart by the body's shape, and their answers:
 * OpenAI chat (`messages`), OpenAI completion (`prompt`), SageMaker LMI/TGI (`inputs` + `parameters`).
 * A bad field is an HttpError(400) whose detail names it.
 */
import { HttpError } from "model-hosting-container-standards";
import type { Sampling } from "./generate.ts";

export type Role = "system" | "user" | "assistant";
export interface ChatMessage {
  role: Role;
  content: string;
}

export interface ParsedRequest {
  kind: "chat" | "completion" | "lmi";
  messages: ChatMessage[];
  prompt: string;
  sampling: Sampling;
  stream: boolean;
  /** The body's `model` (an adapter name selects that adapter). */
  model: string | undefined;
}

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function number(body: Body, key: string, field: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new HttpError(400, `${field} must be a number from ${min} to ${max}`);
  }
  return value;
}

function integer(body: Body, key: string, field: string, min: number): number | undefined {
  const value = number(body, key, field, min, Number.MAX_SAFE_INTEGER);
  if (value !== undefined && !Number.isInteger(value)) throw new HttpError(400, `${field} must be an integer`);
  return value;
}

function boolean(body: Body, key: string, field: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new HttpError(400, `${field} must be a boolean`);
  return value;
}

function stops(body: Body, key: string, field: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((stop) => typeof stop !== "string" || stop === "")) {
    throw new HttpError(400, `${field} must be a non-empty string or an array of them`);
  }
  return list as string[];
}

function content(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  // The OpenAI content-parts form: text parts only.
  if (Array.isArray(value)) {
    return value
      .map((part, index) => {
        if (!isObject(part) || part.type !== "text" || typeof part.text !== "string") {
          throw new HttpError(400, `${field}[${index}] must be a {"type":"text","text":...} part`);
        }
        return part.text;
      })
      .join("");
  }
  throw new HttpError(400, `${field} must be a string or an array of text parts`);
}

function messages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, "messages must be a non-empty array");
  return value.map((message, index) => {
    if (!isObject(message)) throw new HttpError(400, `messages[${index}] must be an object`);
    const role = message.role;
    if (role !== "system" && role !== "user" && role !== "assistant" && role !== "developer") {
      throw new HttpError(400, `messages[${index}].role must be system, user or assistant`);
    }
    return { role: role === "developer" ? "system" : role, content: content(message.content, `messages[${index}].content`) };
  });
}

function model(body: Body): string | undefined {
  const value = body.model;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new HttpError(400, "model must be a string");
  return value;
}

/** The request's body as JSON; not JSON is 400 with the parser's message, as the library's wrappers say it. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `JSON decode error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses an /invocations (or /v1/*) body; `defaultMaxTokens` applies when the body sets no limit. */
export function parseRequest(body: unknown, defaultMaxTokens: number, expect?: "chat" | "completion"): ParsedRequest {
  if (!isObject(body)) throw new HttpError(400, "the body must be a JSON object");
  const kind = expect ?? ("messages" in body ? "chat" : "prompt" in body ? "completion" : "inputs" in body ? "lmi" : undefined);
  if (kind === undefined) throw new HttpError(400, "the body needs messages (chat), prompt (completion) or inputs (LMI/TGI)");

  if (kind === "lmi") {
    if (typeof body.inputs !== "string") throw new HttpError(400, "inputs must be a string");
    const parameters = body.parameters ?? {};
    if (!isObject(parameters)) throw new HttpError(400, "parameters must be an object");
    const doSample = boolean(parameters, "do_sample", "parameters.do_sample");
    const temperature = number(parameters, "temperature", "parameters.temperature", 0, 2);
    const sampling: Sampling = {
      maxTokens: integer(parameters, "max_new_tokens", "parameters.max_new_tokens", 1) ?? defaultMaxTokens,
      temperature: doSample === false ? 0 : (temperature ?? (doSample ? 1 : 0)),
      stop: stops(parameters, "stop", "parameters.stop"),
    };
    const topP = number(parameters, "top_p", "parameters.top_p", 0, 1);
    const topK = integer(parameters, "top_k", "parameters.top_k", 0);
    const seed = integer(parameters, "seed", "parameters.seed", 0);
    if (topP !== undefined) sampling.topP = topP;
    if (topK !== undefined) sampling.topK = topK;
    if (seed !== undefined) sampling.seed = seed;
    const stream = (boolean(body, "stream", "stream") ?? false) || (boolean(parameters, "stream", "parameters.stream") ?? false);
    return { kind, messages: [], prompt: body.inputs, sampling, stream, model: model(body) };
  }

  const sampling: Sampling = {
    maxTokens: integer(body, "max_tokens", "max_tokens", 1) ?? integer(body, "max_completion_tokens", "max_completion_tokens", 1) ?? defaultMaxTokens,
    temperature: number(body, "temperature", "temperature", 0, 2) ?? 0,
    stop: stops(body, "stop", "stop"),
  };
  const topP = number(body, "top_p", "top_p", 0, 1);
  const seed = integer(body, "seed", "seed", 0);
  const ignoreEos = boolean(body, "ignore_eos", "ignore_eos");
  if (topP !== undefined) sampling.topP = topP;
  if (seed !== undefined) sampling.seed = seed;
  if (ignoreEos !== undefined) sampling.ignoreEos = ignoreEos;
  const stream = boolean(body, "stream", "stream") ?? false;
  if (kind === "chat") return { kind, messages: messages(body.messages), prompt: "", sampling, stream, model: model(body) };

  let prompt = body.prompt;
  if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
  if (typeof prompt !== "string") throw new HttpError(400, "prompt must be a string");
  return { kind, messages: [], prompt, sampling, stream, model: model(body) };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

export function usageOf(promptTokens: number, completionTokens: number, cachedTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
}

export interface Answer {
  id: string;
  created: number;
  model: string;
  text: string;
  finishReason: string;
  usage: Usage;
}

/** The whole answer in the request's own format. */
export function renderAnswer(kind: ParsedRequest["kind"], answer: Answer): unknown {
  if (kind === "lmi") return { generated_text: answer.text };
  const head = { id: answer.id, created: answer.created, model: answer.model };
  if (kind === "chat") {
    return {
      ...head,
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: answer.text }, finish_reason: answer.finishReason }],
      usage: answer.usage,
    };
  }
  return { ...head, object: "text_completion", choices: [{ index: 0, text: answer.text, logprobs: null, finish_reason: answer.finishReason }], usage: answer.usage };
}

/** One server-sent event: a chat chunk for chat requests, a text_completion event for the other two. */
export function renderChunk(
  kind: ParsedRequest["kind"],
  head: { id: string; created: number; model: string },
  text: string | undefined,
  finishReason: string | null,
  usage?: Usage,
): string {
  const event =
    kind === "chat"
      ? {
          ...head,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: text === undefined ? {} : { role: "assistant", content: text }, finish_reason: finishReason }],
          ...(usage ? { usage } : {}),
        }
      : { ...head, object: "text_completion", choices: [{ index: 0, text: text ?? "", logprobs: null, finish_reason: finishReason }], ...(usage ? { usage } : {}) };
  return `data: ${JSON.stringify(event)}\n\n`;
}
