import { withDeadline } from "../_internal/deadline.ts";
import { joinPath, toFileUrl } from "../_internal/path.ts";
import { parsePositiveNumber } from "../env.ts";
import { SageMakerConfigError, causeMessage } from "../errors.ts";
import type { Platform } from "../platform.ts";
import type { Env } from "../types.ts";
import { importCollecting } from "./decorators.ts";
import type { Registration } from "./decorators.ts";
import { isFileModule } from "./spec.ts";
import type { HandlerSpec } from "./spec.ts";

export const DEFAULT_MODEL_PATH = "/opt/ml/model/";
export const LOAD_TIMEOUT_VARIABLE = "CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS";
/** Generous: a customer script may load a model at its top level. */
export const DEFAULT_LOAD_TIMEOUT_SECONDS = 300;

export interface CustomerScript {
  path: string;
  exports: Record<string, unknown>;
  registrations: Registration[];
}

/** A customer script that exists but failed to import; `path` says which file (a model's script names it to the client). */
export class CustomerScriptError extends SageMakerConfigError {
  readonly path: string;

  constructor(path: string, message: string, cause: unknown) {
    super(message, { code: "CUSTOMER_CODE_FAILED", file: path, cause });
    this.path = path;
  }
}

type Importer = (specifier: string) => Promise<unknown>;
type AnyFunction = (...args: never[]) => unknown;

/** Finds, imports and reads customer code from the model directory, once per handler instance. */
export class CustomerCode {
  readonly modelPath: string;
  readonly #scriptFilename: string | undefined;
  readonly #platform: Platform;
  readonly #importModule: Importer;
  readonly #loadTimeoutSeconds: number;
  #script: Promise<CustomerScript | undefined> | undefined;

  constructor(env: Env, platform: Platform, importModule: Importer) {
    const modelPath = env.SAGEMAKER_MODEL_PATH || DEFAULT_MODEL_PATH;
    // A relative model path (`SAGEMAKER_MODEL_PATH=./model` in local runs) means relative to the working directory.
    this.modelPath = modelPath.startsWith("/") || !platform.cwd ? modelPath : joinPath(platform.cwd(), modelPath);
    this.#scriptFilename = env.CUSTOM_SCRIPT_FILENAME || undefined;
    this.#platform = platform;
    this.#importModule = importModule;
    this.#loadTimeoutSeconds = parsePositiveNumber(env, LOAD_TIMEOUT_VARIABLE, DEFAULT_LOAD_TIMEOUT_SECONDS);
  }

  /**
   * `import()` with a deadline: a top-level await that never settles would otherwise hang startup, or
   * let Node exit 13 without a word once nothing else keeps it alive (the timer does).
   */
  #import(specifier: string): Promise<unknown> {
    const seconds = this.#loadTimeoutSeconds;
    return withDeadline(
      this.#importModule(specifier),
      seconds * 1000,
      () =>
        new DOMException(`it did not finish loading within ${seconds} s (CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS); does a top-level await never settle?`, "TimeoutError"),
    );
  }

  /** Candidate script paths, in probe order. */
  scriptCandidates(): string[] {
    if (this.#scriptFilename) return [joinPath(this.modelPath, this.#scriptFilename)];
    const names = ["model.js", "model.mjs", ...(this.#platform.runsTypeScript ? ["model.ts"] : [])];
    return names.map((name) => joinPath(this.modelPath, name));
  }

  /** The customer script (`SAGEMAKER_MODEL_PATH` + `CUSTOM_SCRIPT_FILENAME`), or undefined when there is none. */
  script(): Promise<CustomerScript | undefined> {
    return (this.#script ??= this.#loadScript());
  }

  async #loadScript(): Promise<CustomerScript | undefined> {
    for (const path of this.scriptCandidates()) {
      const loaded = await this.#importFile(path, (cause) => this.#scriptError(path, cause));
      if (loaded) return { path, ...loaded };
    }
    return undefined;
  }

  #scriptError(path: string, cause: unknown): CustomerScriptError {
    const filename = this.#scriptFilename === undefined ? "unset" : `'${this.#scriptFilename}'`;
    return new CustomerScriptError(
      path,
      `Customer script ${path} (SAGEMAKER_MODEL_PATH='${this.modelPath}', CUSTOM_SCRIPT_FILENAME=${filename}) failed to load: ${causeMessage(cause)}`,
      cause,
    );
  }

  /** Imports a file; `undefined` when it does not exist, a thrown config error when it is not a module or fails to load. */
  async #importFile(
    path: string,
    failure: (cause: unknown) => Error,
  ): Promise<{ exports: Record<string, unknown>; registrations: Registration[] } | undefined> {
    const url = toFileUrl(path);
    const kind = await this.#platform.fileKind?.(path);
    if (kind === "missing") return undefined;
    // Importing a device such as /dev/zero would read forever.
    if (kind === "not a file") throw failure("it is not a regular file");
    try {
      return await importCollecting(url, () => this.#import(url));
    } catch (cause) {
      if (kind === undefined && isMissingModule(cause, path, url)) return undefined;
      throw failure(cause);
    }
  }

  /** Resolves a function spec to the function it names; errors name the variable, the file and the function. */
  async loadFunction(spec: Extract<HandlerSpec, { kind: "function" }>, variable: string): Promise<AnyFunction> {
    const where = `${variable}='${spec.source}'`;
    let exports: Record<string, unknown>;
    let origin: string;
    if (spec.module === "model") {
      let script: CustomerScript | undefined;
      try {
        script = await this.script();
      } catch (error) {
        if (!(error instanceof SageMakerConfigError)) throw error;
        throw new SageMakerConfigError(`${where}: ${error.message}`, { code: error.code, variable, file: error.file, cause: error.cause });
      }
      if (!script) {
        throw new SageMakerConfigError(
          `${where}: the customer script was not found (looked for ${this.scriptCandidates().join(", ")})`,
          { code: "CUSTOMER_CODE_MISSING", variable },
        );
      }
      exports = script.exports;
      origin = script.path;
    } else if (isFileModule(spec.module)) {
      origin = joinPath(this.modelPath, spec.module);
      const loaded = await this.#importFile(
        origin,
        (cause) =>
          new SageMakerConfigError(`${where}: file ${origin} failed to load: ${causeMessage(cause)}`, {
            code: "CUSTOMER_CODE_FAILED",
            variable,
            file: origin,
            cause,
          }),
      );
      if (!loaded) {
        throw new SageMakerConfigError(
          `${where}: file '${spec.module}' not found (looked for ${origin}; relative files resolve against SAGEMAKER_MODEL_PATH='${this.modelPath}')`,
          { code: "CUSTOMER_CODE_MISSING", variable, file: origin },
        );
      }
      exports = loaded.exports;
    } else {
      origin = `module '${spec.module}'`;
      try {
        const specifier = this.#platform.resolveFromModelDir?.(spec.module, this.modelPath) ?? spec.module;
        exports = (await this.#import(specifier)) as Record<string, unknown>;
      } catch (cause) {
        throw new SageMakerConfigError(`${where}: cannot import module '${spec.module}': ${causeMessage(cause)}`, {
          code: "CUSTOMER_CODE_FAILED",
          variable,
          cause,
        });
      }
    }
    return pickFunction(exports, spec.attributePath, `${where}`, origin, { variable, file: origin.startsWith("/") ? origin : undefined });
  }
}

/** Walks `Obj.method` paths; a method comes back bound to its holder so `this` works. */
export function pickFunction(
  exports: Record<string, unknown>,
  path: string[],
  where: string,
  origin: string,
  culprit: { variable?: string; file?: string } = {},
): AnyFunction {
  let holder: unknown = undefined;
  let value: unknown = exports;
  const walked: string[] = [];
  for (const key of path) {
    walked.push(key);
    const container = value as Record<string, unknown> | null | undefined;
    const next = container !== null && (typeof container === "object" || typeof container === "function") && Object.hasOwn(container, key)
      ? container[key]
      : getInherited(container, key);
    if (next === undefined) {
      throw new SageMakerConfigError(`${where}: function '${walked.join(".")}' not found in ${origin}`, { code: "CUSTOMER_CODE_MISSING", ...culprit });
    }
    holder = value;
    value = next;
  }
  if (typeof value !== "function") {
    const found = value === null ? "null" : typeof value;
    throw new SageMakerConfigError(`${where}: '${path.join(".")}' in ${origin} is not a function (found ${found})`, {
      code: "CUSTOMER_CODE_INVALID",
      ...culprit,
    });
  }
  return path.length > 1 ? (value as AnyFunction).bind(holder) : (value as AnyFunction);
}

// Class statics and prototype methods are inherited, but never Object.prototype members like `constructor`.
function getInherited(container: unknown, key: string): unknown {
  if (container === null || container === undefined) return undefined;
  if (typeof container !== "object" && typeof container !== "function") return undefined;
  if (key in Object.prototype || key in Function.prototype) return undefined;
  return (container as Record<string, unknown>)[key];
}

/** Whether an import failure means "this very file does not exist", as opposed to an error inside it. */
export function isMissingModule(error: unknown, path: string, url: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, url: missingUrl } = error as { code?: unknown; message?: unknown; url?: unknown };
  if (missingUrl === url) return true;
  if (typeof message !== "string") return false;
  const notFound = code === "ERR_MODULE_NOT_FOUND" || /not found|cannot find/i.test(message);
  if (!notFound) return false;
  // Node: "Cannot find module '<path>' imported from ..."; Bun: "Cannot find module '<path>' from ..."; Deno: 'Module not found "<url>"'.
  const subject = message.split(/ imported from | from '/)[0] ?? message;
  return subject.includes(path) || subject.includes(url) || subject.includes(decodeURI(url));
}
