import { joinPath, toFileUrl } from "../_internal/path.ts";
import { SageMakerConfigError, causeMessage } from "../errors.ts";
import type { Platform } from "../platform.ts";
import type { Env } from "../types.ts";
import { importCollecting } from "./markers.ts";
import type { Registration } from "./markers.ts";
import { isFileModule } from "./spec.ts";
import type { HandlerSpec } from "./spec.ts";

export const DEFAULT_MODEL_PATH = "/opt/ml/model/";

export interface CustomerScript {
  path: string;
  exports: Record<string, unknown>;
  registrations: Registration[];
}

/** A customer script that exists but failed to import; `path` says which file (a model's script names it to the client). */
export class CustomerScriptError extends SageMakerConfigError {
  readonly path: string;

  constructor(path: string, message: string, cause: unknown) {
    super(message, { cause });
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
  #script: Promise<CustomerScript | undefined> | undefined;

  constructor(env: Env, platform: Platform, importModule: Importer) {
    const modelPath = env.SAGEMAKER_MODEL_PATH || DEFAULT_MODEL_PATH;
    // A relative model path (`SAGEMAKER_MODEL_PATH=./model` in local runs) means relative to the working directory.
    this.modelPath = modelPath.startsWith("/") || !platform.cwd ? modelPath : joinPath(platform.cwd(), modelPath);
    this.#scriptFilename = env.CUSTOM_SCRIPT_FILENAME || undefined;
    this.#platform = platform;
    this.#importModule = importModule;
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

  /** Imports a file; `undefined` when it does not exist, a thrown config error when it fails to load. */
  async #importFile(
    path: string,
    failure: (cause: unknown) => Error,
  ): Promise<{ exports: Record<string, unknown>; registrations: Registration[] } | undefined> {
    const url = toFileUrl(path);
    if (this.#platform.fileExists && !(await this.#platform.fileExists(path))) return undefined;
    try {
      return await importCollecting(url, () => this.#importModule(url));
    } catch (cause) {
      if (!this.#platform.fileExists && isMissingModule(cause, path, url)) return undefined;
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
        throw new SageMakerConfigError(`${where}: ${error.message}`, { cause: error.cause });
      }
      if (!script) {
        throw new SageMakerConfigError(
          `${where}: the customer script was not found (looked for ${this.scriptCandidates().join(", ")})`,
        );
      }
      exports = script.exports;
      origin = script.path;
    } else if (isFileModule(spec.module)) {
      origin = joinPath(this.modelPath, spec.module);
      const loaded = await this.#importFile(
        origin,
        (cause) => new SageMakerConfigError(`${where}: file ${origin} failed to load: ${causeMessage(cause)}`, { cause }),
      );
      if (!loaded) {
        throw new SageMakerConfigError(
          `${where}: file '${spec.module}' not found (looked for ${origin}; relative files resolve against SAGEMAKER_MODEL_PATH='${this.modelPath}')`,
        );
      }
      exports = loaded.exports;
    } else {
      origin = `module '${spec.module}'`;
      try {
        const specifier = this.#platform.resolveFromModelDir?.(spec.module, this.modelPath) ?? spec.module;
        exports = (await this.#importModule(specifier)) as Record<string, unknown>;
      } catch (cause) {
        throw new SageMakerConfigError(`${where}: cannot import module '${spec.module}': ${causeMessage(cause)}`, { cause });
      }
    }
    return pickFunction(exports, spec.attributePath, `${where}`, origin);
  }
}

/** Walks `Obj.method` paths; a method comes back bound to its holder so `this` works. */
export function pickFunction(
  exports: Record<string, unknown>,
  path: string[],
  where: string,
  origin: string,
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
      throw new SageMakerConfigError(`${where}: function '${walked.join(".")}' not found in ${origin}`);
    }
    holder = value;
    value = next;
  }
  if (typeof value !== "function") {
    const found = value === null ? "null" : typeof value;
    throw new SageMakerConfigError(`${where}: '${path.join(".")}' in ${origin} is not a function (found ${found})`);
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
