/** The priority ladder of MHCS: which `/ping` and `/invocations` handler wins, from environment variable down to framework default. */
import { withUrl } from "../_internal/request.ts";
import { SageMakerConfigError } from "../errors.ts";
import type { Env, Fallback, Handler, SageMakerConfig } from "../types.ts";
import type { CustomerCode, CustomerScript } from "./loader.ts";
import type { MarkerSlot, Registration } from "./decorators.ts";
import { parseHandlerSpec } from "./spec.ts";

export interface ResolvedHandler {
  handler: Handler;
  /** Where it came from, for the startup log. */
  source: string;
  /** A `/route` spec: answered by `config.fallback`. */
  routed?: boolean;
}

type Kind = "ping" | "invocations";

const ENV_VARIABLE: Record<Kind, string> = {
  ping: "CUSTOM_FASTAPI_PING_HANDLER",
  invocations: "CUSTOM_FASTAPI_INVOCATION_HANDLER",
};
const SCRIPT_EXPORT: Record<Kind, string> = {
  ping: "custom_sagemaker_ping_handler",
  invocations: "custom_sagemaker_invocation_handler",
};
const MARKER_NAME: Record<MarkerSlot, string> = {
  ping: "customPingHandler",
  invocations: "customInvocationHandler",
  throttle: 'customMiddleware("throttle")',
  pre_post_process: 'customMiddleware("pre_post_process")',
  input: "inputFormatter",
  output: "outputFormatter",
};

/** One registration per slot; a second one is a startup error naming both functions. */
export function singleRegistration(script: CustomerScript | undefined, slot: MarkerSlot): Registration["fn"] | undefined {
  if (!script) return undefined;
  const found = [...new Set(script.registrations.filter((r) => r.slot === slot).map((r) => r.fn))];
  if (found.length > 1) {
    const names = found.map((fn) => `'${fn.name || "anonymous"}'`).join(" and ");
    throw new SageMakerConfigError(
      `Customer script ${script.path} registers ${MARKER_NAME[slot]} twice (${names}); only one is allowed`,
      { code: "CUSTOMER_CODE_INVALID", file: script.path },
    );
  }
  return found[0];
}

/**
 * The four priority levels, highest first: env spec, customer markers or `config.overrides`,
 * `custom_sagemaker_*` exports of the script, the framework default.
 */
export async function resolveHandler(
  kind: Kind,
  env: Env,
  code: CustomerCode,
  config: SageMakerConfig,
  fallback: Fallback,
): Promise<ResolvedHandler | undefined> {
  const variable = ENV_VARIABLE[kind];
  const spec = parseHandlerSpec(env[variable], variable);
  const fromEnv: ResolvedHandler | undefined =
    spec?.kind === "route"
      ? {
          handler: (request) => fallback(withUrl(request, routeUrl(request.url, spec.path))),
          source: `${variable}='${spec.path}'`,
          routed: true,
        }
      : spec
        ? { handler: (await code.loadFunction(spec, variable)) as Handler, source: `${variable}='${spec.source}'` }
        : undefined;
  // The script is read (and a duplicate marker reported) whichever level wins, as MHCS preloads it.
  const script = await code.script();
  const marked = singleRegistration(script, kind);
  if (fromEnv) return fromEnv;
  if (marked && script) return { handler: marked as Handler, source: `${MARKER_NAME[kind]} in ${script.path}` };
  const override = config.overrides?.[kind];
  if (override) return { handler: override, source: `config.overrides.${kind}` };

  if (script && Object.hasOwn(script.exports, SCRIPT_EXPORT[kind])) {
    const value = script.exports[SCRIPT_EXPORT[kind]];
    if (typeof value !== "function") {
      const found = value === null ? "null" : typeof value;
      throw new SageMakerConfigError(`${SCRIPT_EXPORT[kind]} in ${script.path} is not a function (found ${found})`, {
        code: "CUSTOMER_CODE_INVALID",
        file: script.path,
      });
    }
    return { handler: value as Handler, source: `${SCRIPT_EXPORT[kind]} in ${script.path}` };
  }
  const framework = config[kind];
  return framework ? { handler: framework, source: `config.${kind}` } : undefined;
}

function routeUrl(url: string, path: string): string {
  const target = new URL(url);
  const [pathname, search] = path.split("?", 2) as [string, string | undefined];
  target.pathname = pathname;
  if (search !== undefined) target.search = search;
  return target.href;
}
