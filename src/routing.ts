import { matchModelRoute } from "./models/routes.ts";
import type { ModelRoutes } from "./models/routes.ts";
import type { Handler } from "./types.ts";
import { PATHNAME } from "./_internal/wire.ts";

/** The library's own routes, each present only when some priority level provides a handler. */
export interface RouteTable {
  ping?: Handler;
  invocations?: Handler;
  loadAdapter?: Handler;
  unloadAdapter?: Handler;
  /** `config.models`: `/models`, `/models/{model_name}`, `/models/{model_name}/invoke`. */
  models?: ModelRoutes;
  /** `config.batch`: `GET /execution-parameters`. */
  executionParameters?: Handler;
}

export type RouteMatch =
  | { kind: "handler"; handler: Handler; params: Record<string, string>; head: boolean }
  | { kind: "method-not-allowed"; allow: string }
  | { kind: "fallback" };

const FALLBACK: RouteMatch = { kind: "fallback" };
const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const ADAPTERS_PREFIX = "/adapters/";

/** Decides where a request goes; a library path with a wrong method is 405, anything unowned goes to `fallback`. */
export function matchRoute(table: RouteTable, method: string, pathname: string): RouteMatch {
  switch (pathname) {
    case "/ping":
      if (!table.ping) return FALLBACK;
      if (method === "GET" || method === "POST") return { kind: "handler", handler: table.ping, params: NO_PARAMS, head: false };
      if (method === "HEAD") return { kind: "handler", handler: table.ping, params: NO_PARAMS, head: true };
      return { kind: "method-not-allowed", allow: "GET, HEAD, POST" };
    case "/invocations":
      if (!table.invocations) return FALLBACK;
      if (method === "POST") return { kind: "handler", handler: table.invocations, params: NO_PARAMS, head: false };
      return { kind: "method-not-allowed", allow: "POST" };
    case "/adapters":
    // Starlette redirects `/adapters/` to `/adapters`, so `DELETE /adapters/` is a 405 there too.
    case "/adapters/":
      if (!table.loadAdapter) return FALLBACK;
      if (method === "POST") return { kind: "handler", handler: table.loadAdapter, params: NO_PARAMS, head: false };
      return { kind: "method-not-allowed", allow: "POST" };
    case "/execution-parameters":
      if (!table.executionParameters) return FALLBACK;
      if (method === "GET") return { kind: "handler", handler: table.executionParameters, params: NO_PARAMS, head: false };
      return { kind: "method-not-allowed", allow: "GET" };
  }
  if (table.models && pathname.startsWith("/models")) return matchModelRoute(table.models, method, pathname) ?? FALLBACK;
  if (table.unloadAdapter && pathname.startsWith(ADAPTERS_PREFIX)) {
    const segment = pathname.slice(ADAPTERS_PREFIX.length);
    // One non-empty segment, as Starlette's `{adapter_name}` matches; `/adapters/a/b` is not ours.
    if (segment === "" || segment.includes("/")) return FALLBACK;
    if (method !== "DELETE") return { kind: "method-not-allowed", allow: "DELETE" };
    return { kind: "handler", handler: table.unloadAdapter, params: { adapter_name: decodeSegment(segment) }, head: false };
  }
  return FALLBACK;
}

/** A malformed escape stays as sent, so the adapter-name check can reject it with a 400. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path a request is routed by: from the shim's own request class without building its URL, else from `url`. */
export function requestPathname(request: Request): string {
  const own = (request as { [PATHNAME]?: () => string })[PATHNAME];
  return typeof own === "function" ? own.call(request) : pathnameOf(request.url);
}

/** `new URL(url).pathname` without allocating a URL: Request.url is always absolute and normalised. */
export function pathnameOf(url: string): string {
  const schemeEnd = url.indexOf("://");
  const start = url.indexOf("/", schemeEnd === -1 ? 0 : schemeEnd + 3);
  return start === -1 ? "/" : pathFrom(url, start);
}

/** The path of an origin-form request target (`/path?query`), which may hold `://` in its query. */
export function targetPathname(target: string): string {
  return target.startsWith("/") ? pathFrom(target, 0) : pathnameOf(target);
}

function pathFrom(url: string, start: number): string {
  let end = start;
  while (end < url.length) {
    const code = url.charCodeAt(end);
    if (code === 63 /* ? */ || code === 35 /* # */) break;
    end++;
  }
  return url.slice(start, end);
}
