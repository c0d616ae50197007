import { withUrl } from "../_internal/request.ts";
import { SageMakerConfigError } from "../errors.ts";
import { isResponse } from "../respond.ts";
import type { Logger } from "../logging.ts";
import type { Env, Fallback, Handler, InputFormatter, Middleware, OutputFormatter, SageMakerConfig } from "../types.ts";
import type { CustomerCode, CustomerScript } from "./loader.ts";
import type { MarkerSlot, Registration } from "./markers.ts";
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

export interface ResolvedMiddlewares {
  throttle?: Middleware;
  prePost?: Middleware;
}

type PreProcess = InputFormatter;
type PostProcess = OutputFormatter;

/**
 * The reference's slot priority: throttle from `CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE` over the script's
 * `customMiddleware("throttle")`; pre/post from `CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS`, then
 * `CUSTOM_PRE_PROCESS`/`CUSTOM_POST_PROCESS`, then `customMiddleware("pre_post_process")`, then the
 * script's formatters. Sources never mix within a slot.
 */
export async function resolveMiddlewares(env: Env, code: CustomerCode, logger: Logger): Promise<ResolvedMiddlewares> {
  const load = async (variable: string): Promise<Registration["fn"] | undefined> => {
    const spec = parseHandlerSpec(env[variable], variable);
    if (!spec) return undefined;
    if (spec.kind === "route") {
      throw new SageMakerConfigError(
        `Invalid handler specification in ${variable}='${spec.source}': a middleware must be 'file.mjs:function', not a route`,
        { code: "INVALID_SPEC", variable },
      );
    }
    return code.loadFunction(spec, variable);
  };
  // Every variable is loaded, so a broken one fails startup even where a higher one wins.
  const envThrottle = await load("CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE");
  const envPrePost = await load("CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS");
  const envPre = await load("CUSTOM_PRE_PROCESS");
  const envPost = await load("CUSTOM_POST_PROCESS");

  const script = await code.script();
  const scriptThrottle = singleRegistration(script, "throttle");
  const scriptPrePost = singleRegistration(script, "pre_post_process");
  const scriptPre = singleRegistration(script, "input");
  const scriptPost = singleRegistration(script, "output");

  const throttle = (envThrottle ?? scriptThrottle) as Middleware | undefined;
  let prePost: Middleware | undefined;
  if (envPrePost) prePost = envPrePost as Middleware;
  else if (envPre || envPost) prePost = combinePrePost(envPre as PreProcess, envPost as PostProcess, logger);
  else if (scriptPrePost) prePost = scriptPrePost as Middleware;
  else if (scriptPre || scriptPost) prePost = combinePrePost(scriptPre as PreProcess, scriptPost as PostProcess, logger);
  return { throttle, prePost };
}

/** Input then handler then output formatter; sync or async, each may return a replacement or nothing. */
export function combinePrePost(pre: PreProcess | undefined, post: PostProcess | undefined, logger: Logger): Middleware {
  return async (request, next) => {
    let current = request;
    if (pre) {
      const replaced = await pre(request);
      if (replaced !== undefined && replaced !== null) {
        if (!isRequest(replaced)) {
          logger.error(`input formatter returned ${typeof replaced}, not a Request or nothing`);
          throw new TypeError("input formatter must return a Request or nothing");
        }
        current = replaced as Request;
      }
    }
    const response = await next(current);
    if (!post) return response;
    const replaced = await post(response);
    if (replaced === undefined || replaced === null) return response;
    if (!isResponse(replaced)) {
      logger.error(`output formatter returned ${typeof replaced}, not a Response or nothing`);
      throw new TypeError("output formatter must return a Response or nothing");
    }
    return replaced;
  };
}

/** Duck-typed, as `isResponse`: a Request built by another copy of the Fetch classes counts too. */
function isRequest(value: unknown): value is Request {
  if (value instanceof Request) return true;
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Request).url === "string" &&
    typeof (value as Request).method === "string" &&
    typeof (value as Request).headers === "object" &&
    typeof (value as Request).arrayBuffer === "function"
  );
}
