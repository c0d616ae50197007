import type { Handler } from "../types.ts";

/** The handlers of SageMaker's model API, mounted by the route table. */
export interface ModelRoutes {
  list: Handler;
  load: Handler;
  describe: Handler;
  unload: Handler;
  invoke: Handler;
}

type Match =
  | { kind: "handler"; handler: Handler; params: Record<string, string>; head: false }
  | { kind: "method-not-allowed"; allow: string };

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const PREFIX = "/models/";
const INVOKE = "/invoke";

/**
 * `/models` (GET, POST), `/models/{model_name}` (GET, DELETE), `/models/{model_name}/invoke` (POST);
 * undefined for anything else under `/models` (`/models/` included), which goes to the fallback. The
 * segment stays percent-encoded: the handlers decode it, so a malformed escape is their 400.
 */
export function matchModelRoute(routes: ModelRoutes, method: string, pathname: string): Match | undefined {
  if (pathname === "/models") {
    if (method === "GET") return { kind: "handler", handler: routes.list, params: NO_PARAMS, head: false };
    if (method === "POST") return { kind: "handler", handler: routes.load, params: NO_PARAMS, head: false };
    return { kind: "method-not-allowed", allow: "GET, POST" };
  }
  if (!pathname.startsWith(PREFIX)) return undefined;
  const rest = pathname.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash === -1) {
    if (rest === "") return undefined;
    const params = { model_name: rest };
    if (method === "GET") return { kind: "handler", handler: routes.describe, params, head: false };
    if (method === "DELETE") return { kind: "handler", handler: routes.unload, params, head: false };
    return { kind: "method-not-allowed", allow: "DELETE, GET" };
  }
  if (slash === 0 || rest.slice(slash) !== INVOKE) return undefined;
  if (method !== "POST") return { kind: "method-not-allowed", allow: "POST" };
  return { kind: "handler", handler: routes.invoke, params: { model_name: rest.slice(0, slash) }, head: false };
}
