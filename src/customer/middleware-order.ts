/** The order of the customer middleware slots (throttle, pre/post-processing) and how formatters wrap the handler. */
import { SageMakerConfigError } from "../errors.ts";
import { isResponse } from "../respond.ts";
import type { Logger } from "../logging.ts";
import type { Env, InputFormatter, Middleware, OutputFormatter } from "../types.ts";
import type { CustomerCode } from "./loader.ts";
import type { Registration } from "./decorators.ts";
import { singleRegistration } from "./handler-priority.ts";
import { parseHandlerSpec } from "./spec.ts";

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
