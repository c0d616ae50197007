import type { Handler } from "model-hosting-container-standards";
import type { Upstream } from "./upstream.ts";

const ADAPTER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";

/**
 * SGLang reads an adapter from `model` only in the form "base:adapter"; a bare "adapter" silently
 * selects the base model. So when a SageMaker adapter request names no model, name the served one
 * before the adapter id is appended.
 */
export function withServedModel(upstream: Upstream, inner: Handler): Handler {
  return async (request, context) => {
    if (!request.headers.get(ADAPTER_HEADER)) return inner(request, context);
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    let next = text;
    if (isObject(body) && body.model === undefined && (Array.isArray(body.messages) || body.prompt !== undefined)) {
      next = JSON.stringify({ ...body, model: await upstream.servedModel(context.signal) });
    }
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    return inner(new Request(request.url, { method: request.method, headers, body: next, signal: request.signal }), context);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
