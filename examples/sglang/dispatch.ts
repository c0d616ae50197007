import { HttpError } from "model-hosting-container-standards";
import type { HandlerContext } from "model-hosting-container-standards";
import type { Upstream } from "./upstream.ts";

type Body = Record<string, unknown>;

/** One SGLang API `/invocations` can reach, and how to recognise a request meant for it. */
interface Route {
  name: string;
  path: string;
  expects: string;
  matches(body: Body): boolean;
}

// First match wins, like vLLM's /invocations (chat before completions before the native API).
const ROUTES: Route[] = [
  { name: "chat completions", path: "/v1/chat/completions", expects: 'a "messages" array', matches: (b) => Array.isArray(b.messages) },
  { name: "completions", path: "/v1/completions", expects: 'a "prompt"', matches: (b) => typeof b.prompt === "string" || Array.isArray(b.prompt) },
  {
    name: "generate",
    path: "/generate",
    expects: 'a "text" or "input_ids"',
    matches: (b) => typeof b.text === "string" || Array.isArray(b.text) || Array.isArray(b.input_ids) || Array.isArray(b.input_embeds),
  },
];

export const EXPECTED = `Cannot find suitable handler for request. Expected one of: ${ROUTES.map((r) => `${r.name} (${r.expects})`).join(", ")}`;

/** Reads the JSON object body of an invocation; anything else is a 400. */
export async function readObject(request: Request): Promise<Body> {
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `JSON decode error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, `${EXPECTED}; got JSON that is not an object`);
  return body as Body;
}

/** Which SGLang API a body is for, or undefined. */
export function routeFor(body: Body): Route | undefined {
  return ROUTES.find((route) => route.matches(body));
}

/** `/invocations`: sends the body to the SGLang API its shape asks for, streaming the answer back. */
export function dispatchInvocation(upstream: Upstream) {
  return async (request: Request, context: HandlerContext): Promise<Response> => {
    const body = await readObject(request);
    const route = routeFor(body);
    if (!route) throw new HttpError(400, EXPECTED);
    if (route.path === "/generate") toNativeAdapter(body, request.headers.get(ADAPTER_HEADER));
    return upstream.postJson(route.path, body, context.signal);
  };
}

const ADAPTER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";

/**
 * The native API selects an adapter with `lora_path`, not `model`: the SageMaker adapter goes
 * there, and the `model` field that adapter injection wrote (the bare id or "base:id") goes away.
 */
function toNativeAdapter(body: Body, adapter: string | null): void {
  if (!adapter) return;
  if (body.model === adapter || (typeof body.model === "string" && body.model.endsWith(`:${adapter}`))) delete body.model;
  body.lora_path ??= adapter;
}
