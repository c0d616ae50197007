import { CustomerCode, CustomerScriptError } from "../customer/loader.ts";
import type { CustomerScript } from "../customer/loader.ts";
import { singleRegistration } from "../customer/handler-priority.ts";
import { combinePrePost } from "../customer/middleware-order.ts";
import { causeMessage, SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import type { Logger } from "../logging.ts";
import type { Platform } from "../platform.ts";
import type { Env, Handler, Middleware } from "../types.ts";

const SCRIPT_EXPORT = "custom_sagemaker_invocation_handler";
/** Env variables that fill the pre/post slot; they outrank any script, a model's included. */
const PRE_POST_VARIABLES = ["CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS", "CUSTOM_PRE_PROCESS", "CUSTOM_POST_PROCESS"];

/** What a model's own customer script contributes to its invocations. */
export interface ModelServing {
  /** M's level 2, else its level 3; undefined: the container's ladder. */
  handler: Handler | undefined;
  /** M's formatters, replacing the container's pre/post for M's invocations. */
  prePost: Middleware | undefined;
}

export interface ModelScriptOptions {
  env: Env;
  platform: Platform;
  importModule: (specifier: string) => Promise<unknown>;
  logger: Logger;
  /** Level 1 (CUSTOM_FASTAPI_INVOCATION_HANDLER) is set: it outranks every model script. */
  levelOne: boolean;
  /** Gives a wrapped handler from the script its per-instance form. */
  prepare(handler: Handler): Promise<Handler>;
}

export function envFillsPrePost(env: Env): boolean {
  return PRE_POST_VARIABLES.some((name) => (env[name] ?? "").trim() !== "");
}

/**
 * Imports the customer script of a model directory (the `SAGEMAKER_MODEL_PATH` rules applied to `url`,
 * `CUSTOM_SCRIPT_FILENAME` included); a failure is 500 `Failed to load model <name>: <file>: <error>`.
 */
export async function loadModelScript(name: string, url: string, options: ModelScriptOptions): Promise<ModelServing> {
  const { env, platform, importModule, logger } = options;
  const code = new CustomerCode({ SAGEMAKER_MODEL_PATH: url, CUSTOM_SCRIPT_FILENAME: env.CUSTOM_SCRIPT_FILENAME }, platform, importModule);
  let script: CustomerScript | undefined;
  try {
    script = await code.script();
  } catch (error) {
    const file = error instanceof CustomerScriptError ? error.path : code.scriptCandidates()[0] ?? url;
    const cause = error instanceof SageMakerConfigError && error.cause !== undefined ? error.cause : error;
    logger.error(`Failed to load model ${name}: ${file}: ${causeMessage(cause)}`);
    throw new HttpError(500, `Failed to load model ${name}: ${file}: ${causeMessage(cause)}`, { cause });
  }
  if (!script) return { handler: undefined, prePost: undefined };
  const path = script.path;
  try {
    const marked = singleRegistration(script, "invocations") as Handler | undefined;
    const exported = script.exports[SCRIPT_EXPORT];
    if (exported !== undefined && typeof exported !== "function") {
      throw new SageMakerConfigError(`${SCRIPT_EXPORT} is not a function (found ${exported === null ? "null" : typeof exported})`, { code: "CUSTOMER_CODE_INVALID", file: path });
    }
    const own = marked ?? (exported as Handler | undefined);
    const input = singleRegistration(script, "input");
    const output = singleRegistration(script, "output");
    const formatters = !envFillsPrePost(env) && (input || output);
    return {
      handler: own && !options.levelOne ? await options.prepare(own) : undefined,
      prePost: formatters ? combinePrePost(input as never, output as never, logger) : undefined,
    };
  } catch (error) {
    const message = error instanceof SageMakerConfigError ? error.message : causeMessage(error);
    logger.error(`Failed to load model ${name}: ${path}: ${message}`);
    throw new HttpError(500, `Failed to load model ${name}: ${path}: ${message}`, { cause: error });
  }
}
