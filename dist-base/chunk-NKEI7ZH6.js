import {
  SessionNotFoundError,
  assertSessionKey,
  expiryFrom,
  isSessionNotFound,
  isValidSessionId,
  newSessionHeaderValue,
  newSessionId,
  serializeSessionValue,
  sessionKeyProblem
} from "./chunk-QJS5L2QM.js";
import {
  DEBUG_LEVEL,
  createConsoleLogger,
  describeError,
  isLogger,
  resolveLogLevel,
  withLevel
} from "./chunk-5INBP2CT.js";
import {
  SageMakerConfigError,
  causeMessage
} from "./chunk-R6SGHOIN.js";

// src/config.ts
import * as v from "valibot";
var fn = v.function();
var optionalFn = v.optional(fn);
var storeSchema = v.custom(
  (value2) => typeof value2 === "object" && value2 !== null && ["create", "lookup", "delete", "sweep"].every((method) => typeof value2[method] === "function"),
  "Expected a SessionStore (an object with create, lookup, delete and sweep methods)"
);
var loggerSchema = v.custom(
  (value2) => typeof value2 === "object" && value2 !== null && ["debug", "info", "warn", "error"].every((method) => typeof value2[method] === "function"),
  "Expected a Logger (an object with debug, info, warn and error methods)"
);
var positiveInt = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
var modelHostSchema = v.pipe(
  v.custom(
    (value2) => (typeof value2 === "object" || typeof value2 === "function") && value2 !== null && typeof value2.load === "function",
    "Expected a ModelHost (an object with a load method)"
  ),
  // Read through `in`, so a class instance's prototype methods count.
  v.check((value2) => !("unload" in value2) || value2.unload === void 0 || typeof value2.unload === "function", "unload must be a function"),
  v.check((value2) => checkOptionalInt(value2, "maxLoaded"), "maxLoaded must be an integer of at least 1"),
  v.check((value2) => checkOptionalInt(value2, "pageSize"), "pageSize must be an integer of at least 1")
);
var batchSchema = v.strictObject({
  maxConcurrentTransforms: positiveInt,
  batchStrategy: v.optional(v.picklist(["SINGLE_RECORD", "MULTI_RECORD"])),
  maxPayloadInMB: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)))
});
function checkOptionalInt(host, key) {
  const value2 = host[key];
  return value2 === void 0 || typeof value2 === "number" && Number.isInteger(value2) && value2 >= 1;
}
var configSchema = v.strictObject({
  ping: optionalFn,
  invocations: optionalFn,
  loadAdapter: optionalFn,
  unloadAdapter: optionalFn,
  createSession: optionalFn,
  closeSession: optionalFn,
  overrides: v.optional(v.strictObject({ ping: optionalFn, invocations: optionalFn })),
  fallback: optionalFn,
  middlewares: v.optional(v.array(fn)),
  sessions: v.optional(
    v.strictObject({
      enabled: v.optional(v.boolean()),
      expirationSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      store: v.optional(storeSchema),
      maxValueBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)))
    })
  ),
  models: v.optional(modelHostSchema),
  batch: v.optional(batchSchema),
  env: v.optional(v.record(v.string(), v.optional(v.string()))),
  importModule: optionalFn,
  maxRequestBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  logger: v.optional(loggerSchema),
  errorFormatter: optionalFn
});
function validateConfig(config) {
  if (config === void 0) return {};
  const result = v.safeParse(configSchema, config);
  if (result.success) return config;
  const issue = result.issues[0];
  const key = v.getDotPath(issue) ?? (issue.type === "strict_object" ? String(issue.input) : void 0);
  const where = key ? `config.${key}` : "config";
  if (issue.type === "strict_object" && key) throw new SageMakerConfigError(`Unknown key ${where}`, { key: where });
  throw new SageMakerConfigError(`Invalid ${where}: ${issue.message}`, { key: where });
}

// src/_internal/deadline.ts
function withDeadline(work, ms, timeoutError) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), Math.min(ms, 2 ** 31 - 1));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

// src/_internal/path.ts
function joinPath(dir, file) {
  const joined = file.startsWith("/") ? file : `${dir.replace(/\/+$/, "")}/${file}`;
  const out = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `${joined.startsWith("/") ? "/" : ""}${out.join("/")}`;
}
function toFileUrl(path) {
  return `file://${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}`;
}

// src/env.ts
function parseSageMakerBool(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw === "") return fallback;
  const lower = raw.toLowerCase();
  return lower === "true" || lower === "1";
}
function parsePositiveInt(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed) || Number(trimmed) <= 0 || !Number.isSafeInteger(Number(trimmed))) {
    throw new SageMakerConfigError(`${name} must be a whole number greater than 0, got '${raw}'`, { code: "INVALID_ENV", variable: name });
  }
  return Number(trimmed);
}
function parsePositiveNumber(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const value2 = Number(raw.trim());
  if (!Number.isFinite(value2) || value2 <= 0) {
    throw new SageMakerConfigError(`${name} must be a number greater than 0, got '${raw}'`, { code: "INVALID_ENV", variable: name });
  }
  return value2;
}

// src/customer/decorators.ts
var kMarker = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.marker");
var kState = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.registrations");
function state() {
  const g = globalThis;
  return g[kState] ??= { collecting: void 0, byUrl: /* @__PURE__ */ new Map(), queue: Promise.resolve() };
}
function mark(slot, fn2, what) {
  if (typeof fn2 !== "function") throw new TypeError(`${what} expects a function, got ${typeof fn2}`);
  if (Object.isExtensible(fn2)) Object.defineProperty(fn2, kMarker, { value: slot, configurable: true });
  state().collecting?.push({ slot, fn: fn2 });
  return fn2;
}
function customPingHandler(fn2) {
  return mark("ping", fn2, "customPingHandler");
}
function customInvocationHandler(fn2) {
  return mark("invocations", fn2, "customInvocationHandler");
}
var MIDDLEWARE_NAMES = ["pre_post_process", "throttle"];
function customMiddleware(name) {
  if (!MIDDLEWARE_NAMES.includes(name)) {
    throw new Error(
      `Failed to register middleware '${String(name)}': Middleware name '${String(name)}' is not allowed. Allowed names: ${MIDDLEWARE_NAMES.join(", ")}`
    );
  }
  return (fn2) => mark(name, fn2, `customMiddleware("${name}")`);
}
function inputFormatter(fn2) {
  return mark("input", fn2, "inputFormatter");
}
function outputFormatter(fn2) {
  return mark("output", fn2, "outputFormatter");
}
function markerOf(value2) {
  if (typeof value2 !== "function") return void 0;
  return value2[kMarker];
}
async function importCollecting(url, load) {
  const s = state();
  const run = s.queue.then(async () => {
    const collected = [];
    s.collecting = collected;
    try {
      const exports = await load();
      if (collected.length > 0) s.byUrl.set(url, collected);
      return { exports, registrations: s.byUrl.get(url) ?? exportedRegistrations(exports) };
    } finally {
      s.collecting = void 0;
    }
  });
  s.queue = run.catch(() => void 0);
  return run;
}
function exportedRegistrations(exports) {
  const found = [];
  for (const value2 of Object.values(exports ?? {})) {
    const slot = markerOf(value2);
    if (slot) found.push({ slot, fn: value2 });
  }
  return found;
}

// src/customer/spec.ts
var ATTRIBUTE_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
function parseHandlerSpec(raw, variable) {
  if (raw === void 0) return void 0;
  const source = raw.trim();
  if (source === "") return void 0;
  const colon = source.lastIndexOf(":");
  if (colon === -1) {
    if (source.startsWith("/") && !/\s/.test(source)) return { kind: "route", path: source, source };
    throw invalid(variable, source, "expected 'file.mjs:function', 'model:function', 'package:function' or '/route'");
  }
  const module = source.slice(0, colon);
  const attribute = source.slice(colon + 1);
  if (module === "" || /\s/.test(module)) throw invalid(variable, source, "the module part before the last ':' is empty or has spaces");
  if (!ATTRIBUTE_PATH.test(attribute)) {
    throw invalid(variable, source, `'${attribute}' after the last ':' is not a function name or Obj.method path`);
  }
  return { kind: "function", module, attributePath: attribute.split("."), source };
}
function invalid(variable, spec, reason) {
  return new SageMakerConfigError(`Invalid handler specification in ${variable}='${spec}': ${reason}`, { code: "INVALID_SPEC", variable });
}
var FILE_EXTENSION = /\.(m|c)?(j|t)sx?$/;
function isFileModule(module) {
  return module.startsWith("/") || module.startsWith("./") || module.startsWith("../") || FILE_EXTENSION.test(module);
}

// src/customer/loader.ts
var DEFAULT_MODEL_PATH = "/opt/ml/model/";
var LOAD_TIMEOUT_VARIABLE = "CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS";
var DEFAULT_LOAD_TIMEOUT_SECONDS = 300;
var CustomerScriptError = class extends SageMakerConfigError {
  path;
  constructor(path, message, cause) {
    super(message, { code: "CUSTOMER_CODE_FAILED", file: path, cause });
    this.path = path;
  }
};
var CustomerCode = class {
  modelPath;
  #scriptFilename;
  #platform;
  #importModule;
  #loadTimeoutSeconds;
  #script;
  constructor(env, platform, importModule) {
    const modelPath = env.SAGEMAKER_MODEL_PATH || DEFAULT_MODEL_PATH;
    this.modelPath = modelPath.startsWith("/") || !platform.cwd ? modelPath : joinPath(platform.cwd(), modelPath);
    this.#scriptFilename = env.CUSTOM_SCRIPT_FILENAME || void 0;
    this.#platform = platform;
    this.#importModule = importModule;
    this.#loadTimeoutSeconds = parsePositiveNumber(env, LOAD_TIMEOUT_VARIABLE, DEFAULT_LOAD_TIMEOUT_SECONDS);
  }
  /**
   * `import()` with a deadline: a top-level await that never settles would otherwise hang startup, or
   * let Node exit 13 without a word once nothing else keeps it alive (the timer does).
   */
  #import(specifier) {
    const seconds = this.#loadTimeoutSeconds;
    return withDeadline(
      this.#importModule(specifier),
      seconds * 1e3,
      () => new DOMException(`it did not finish loading within ${seconds} s (CUSTOM_SCRIPT_LOAD_TIMEOUT_SECONDS); does a top-level await never settle?`, "TimeoutError")
    );
  }
  /** Candidate script paths, in probe order. */
  scriptCandidates() {
    if (this.#scriptFilename) return [joinPath(this.modelPath, this.#scriptFilename)];
    const names = ["model.js", "model.mjs", ...this.#platform.runsTypeScript ? ["model.ts"] : []];
    return names.map((name) => joinPath(this.modelPath, name));
  }
  /** The customer script (`SAGEMAKER_MODEL_PATH` + `CUSTOM_SCRIPT_FILENAME`), or undefined when there is none. */
  script() {
    return this.#script ??= this.#loadScript();
  }
  async #loadScript() {
    for (const path of this.scriptCandidates()) {
      const loaded = await this.#importFile(path, (cause) => this.#scriptError(path, cause));
      if (loaded) return { path, ...loaded };
    }
    return void 0;
  }
  #scriptError(path, cause) {
    const filename = this.#scriptFilename === void 0 ? "unset" : `'${this.#scriptFilename}'`;
    return new CustomerScriptError(
      path,
      `Customer script ${path} (SAGEMAKER_MODEL_PATH='${this.modelPath}', CUSTOM_SCRIPT_FILENAME=${filename}) failed to load: ${causeMessage(cause)}`,
      cause
    );
  }
  /** Imports a file; `undefined` when it does not exist, a thrown config error when it is not a module or fails to load. */
  async #importFile(path, failure) {
    const url = toFileUrl(path);
    const kind = await this.#platform.fileKind?.(path);
    if (kind === "missing") return void 0;
    if (kind === "not a file") throw failure("it is not a regular file");
    try {
      return await importCollecting(url, () => this.#import(url));
    } catch (cause) {
      if (kind === void 0 && isMissingModule(cause, path, url)) return void 0;
      throw failure(cause);
    }
  }
  /** Resolves a function spec to the function it names; errors name the variable, the file and the function. */
  async loadFunction(spec, variable) {
    const where = `${variable}='${spec.source}'`;
    let exports;
    let origin;
    if (spec.module === "model") {
      let script;
      try {
        script = await this.script();
      } catch (error) {
        if (!(error instanceof SageMakerConfigError)) throw error;
        throw new SageMakerConfigError(`${where}: ${error.message}`, { code: error.code, variable, file: error.file, cause: error.cause });
      }
      if (!script) {
        throw new SageMakerConfigError(
          `${where}: the customer script was not found (looked for ${this.scriptCandidates().join(", ")})`,
          { code: "CUSTOMER_CODE_MISSING", variable }
        );
      }
      exports = script.exports;
      origin = script.path;
    } else if (isFileModule(spec.module)) {
      origin = joinPath(this.modelPath, spec.module);
      const loaded = await this.#importFile(
        origin,
        (cause) => new SageMakerConfigError(`${where}: file ${origin} failed to load: ${causeMessage(cause)}`, {
          code: "CUSTOMER_CODE_FAILED",
          variable,
          file: origin,
          cause
        })
      );
      if (!loaded) {
        throw new SageMakerConfigError(
          `${where}: file '${spec.module}' not found (looked for ${origin}; relative files resolve against SAGEMAKER_MODEL_PATH='${this.modelPath}')`,
          { code: "CUSTOMER_CODE_MISSING", variable, file: origin }
        );
      }
      exports = loaded.exports;
    } else {
      origin = `module '${spec.module}'`;
      try {
        const specifier = this.#platform.resolveFromModelDir?.(spec.module, this.modelPath) ?? spec.module;
        exports = await this.#import(specifier);
      } catch (cause) {
        throw new SageMakerConfigError(`${where}: cannot import module '${spec.module}': ${causeMessage(cause)}`, {
          code: "CUSTOMER_CODE_FAILED",
          variable,
          cause
        });
      }
    }
    return pickFunction(exports, spec.attributePath, `${where}`, origin, { variable, file: origin.startsWith("/") ? origin : void 0 });
  }
};
function pickFunction(exports, path, where, origin, culprit = {}) {
  let holder = void 0;
  let value2 = exports;
  const walked = [];
  for (const key of path) {
    walked.push(key);
    const container = value2;
    const next = container !== null && (typeof container === "object" || typeof container === "function") && Object.hasOwn(container, key) ? container[key] : getInherited(container, key);
    if (next === void 0) {
      throw new SageMakerConfigError(`${where}: function '${walked.join(".")}' not found in ${origin}`, { code: "CUSTOMER_CODE_MISSING", ...culprit });
    }
    holder = value2;
    value2 = next;
  }
  if (typeof value2 !== "function") {
    const found = value2 === null ? "null" : typeof value2;
    throw new SageMakerConfigError(`${where}: '${path.join(".")}' in ${origin} is not a function (found ${found})`, {
      code: "CUSTOMER_CODE_INVALID",
      ...culprit
    });
  }
  return path.length > 1 ? value2.bind(holder) : value2;
}
function getInherited(container, key) {
  if (container === null || container === void 0) return void 0;
  if (typeof container !== "object" && typeof container !== "function") return void 0;
  if (key in Object.prototype || key in Function.prototype) return void 0;
  return container[key];
}
function isMissingModule(error, path, url) {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, url: missingUrl } = error;
  if (missingUrl === url) return true;
  if (typeof message !== "string") return false;
  const notFound2 = code === "ERR_MODULE_NOT_FOUND" || /not found|cannot find/i.test(message);
  if (!notFound2) return false;
  const subject = message.split(/ imported from | from '/)[0] ?? message;
  return subject.includes(path) || subject.includes(url) || subject.includes(decodeURI(url));
}

// src/_internal/request.ts
function withUrl(request, url) {
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : null,
    signal: request.signal,
    // Node requires `duplex` for stream bodies; other runtimes ignore it.
    ...hasBody ? { duplex: "half" } : {}
  });
}
var nativeBytesRequest = (source, headers, body) => new Request(source.url, { method: source.method, headers, body, signal: source.signal });
var makeBytesRequest = nativeBytesRequest;
function useBytesRequests(factory) {
  makeBytesRequest = factory;
}
function withBytes(request, headers, body) {
  return makeBytesRequest(request, headers, body);
}
function withBody(request, bytes, contentType) {
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  if (contentType !== void 0) headers.set("content-type", contentType);
  headers.set("content-length", String(bytes.byteLength));
  return withBytes(request, headers, bytes);
}

// src/customer/handler-priority.ts
var ENV_VARIABLE = {
  ping: "CUSTOM_FASTAPI_PING_HANDLER",
  invocations: "CUSTOM_FASTAPI_INVOCATION_HANDLER"
};
var SCRIPT_EXPORT = {
  ping: "custom_sagemaker_ping_handler",
  invocations: "custom_sagemaker_invocation_handler"
};
var MARKER_NAME = {
  ping: "customPingHandler",
  invocations: "customInvocationHandler",
  throttle: 'customMiddleware("throttle")',
  pre_post_process: 'customMiddleware("pre_post_process")',
  input: "inputFormatter",
  output: "outputFormatter"
};
function singleRegistration(script, slot) {
  if (!script) return void 0;
  const found = [...new Set(script.registrations.filter((r) => r.slot === slot).map((r) => r.fn))];
  if (found.length > 1) {
    const names = found.map((fn2) => `'${fn2.name || "anonymous"}'`).join(" and ");
    throw new SageMakerConfigError(
      `Customer script ${script.path} registers ${MARKER_NAME[slot]} twice (${names}); only one is allowed`,
      { code: "CUSTOMER_CODE_INVALID", file: script.path }
    );
  }
  return found[0];
}
async function resolveHandler(kind, env, code, config, fallback) {
  const variable = ENV_VARIABLE[kind];
  const spec = parseHandlerSpec(env[variable], variable);
  const fromEnv = spec?.kind === "route" ? {
    handler: (request) => fallback(withUrl(request, routeUrl(request.url, spec.path))),
    source: `${variable}='${spec.path}'`,
    routed: true
  } : spec ? { handler: await code.loadFunction(spec, variable), source: `${variable}='${spec.source}'` } : void 0;
  const script = await code.script();
  const marked = singleRegistration(script, kind);
  if (fromEnv) return fromEnv;
  if (marked && script) return { handler: marked, source: `${MARKER_NAME[kind]} in ${script.path}` };
  const override = config.overrides?.[kind];
  if (override) return { handler: override, source: `config.overrides.${kind}` };
  if (script && Object.hasOwn(script.exports, SCRIPT_EXPORT[kind])) {
    const value2 = script.exports[SCRIPT_EXPORT[kind]];
    if (typeof value2 !== "function") {
      const found = value2 === null ? "null" : typeof value2;
      throw new SageMakerConfigError(`${SCRIPT_EXPORT[kind]} in ${script.path} is not a function (found ${found})`, {
        code: "CUSTOMER_CODE_INVALID",
        file: script.path
      });
    }
    return { handler: value2, source: `${SCRIPT_EXPORT[kind]} in ${script.path}` };
  }
  const framework = config[kind];
  return framework ? { handler: framework, source: `config.${kind}` } : void 0;
}
function routeUrl(url, path) {
  const target = new URL(url);
  const [pathname, search] = path.split("?", 2);
  target.pathname = pathname;
  if (search !== void 0) target.search = search;
  return target.href;
}

// src/http-error.ts
var HttpError = class extends Error {
  status;
  detail;
  headers;
  constructor(status, detail, options) {
    const text = detail === void 0 ? defaultDetail(status) : detail;
    super(typeof text === "string" ? text : JSON.stringify(text), { cause: options?.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${String(status)}`);
    }
    this.status = status;
    this.detail = text;
    this.headers = options?.headers;
  }
  get name() {
    return "HttpError";
  }
};
var STATUS_TEXT = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  424: "Failed Dependency",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
};
function defaultDetail(status) {
  return STATUS_TEXT[status] ?? "Error";
}
function isHttpError(value2) {
  if (value2 instanceof HttpError) return true;
  return value2 instanceof Error && value2.name === "HttpError" && typeof value2.status === "number" && "detail" in value2;
}

// src/respond.ts
var JSON_TYPE = "application/json";
var TEXT_TYPE = "text/plain; charset=utf-8";
var JSON_HEADERS = Object.freeze({ "content-type": JSON_TYPE });
var TEXT_HEADERS = Object.freeze({ "content-type": TEXT_TYPE });
var nativeTextResponse = (body, status, headers) => new Response(body, { status, headers });
var makeTextResponse = nativeTextResponse;
var makeJsonResponse;
function useTextResponses(factory, json) {
  makeTextResponse = factory;
  makeJsonResponse = json;
}
var COMPLETE = /* @__PURE__ */ Symbol("completeBody");
function textResponse(body, status, headers) {
  return makeTextResponse(body, status, headers);
}
function textAnswer(body, init) {
  const response = body !== null && !init.statusText ? textResponse(body, init.status, init.headers) : new Response(body, init);
  response[COMPLETE] = true;
  return response;
}
function hasCompleteBody(response) {
  return response[COMPLETE] === true;
}
function toResponse(result) {
  return isResponse(result) ? result : valueResponse(result);
}
function valueResponse(result) {
  if (result === void 0) return new Response(null, { status: 200 });
  if (typeof result === "string") return textResponse(result, 200, TEXT_HEADERS);
  return jsonResponse(result);
}
function jsonResponse(value2, status = 200, headers) {
  let init = JSON_HEADERS;
  if (headers !== void 0) {
    init = new Headers(headers);
    init.set("content-type", JSON_TYPE);
  }
  if (makeJsonResponse !== void 0 && typeof value2 === "object" && value2 !== null && typeof value2.toJSON !== "function") {
    return makeJsonResponse(value2, status, init);
  }
  const body = JSON.stringify(value2);
  if (body === void 0) throw new TypeError("handler returned a value JSON cannot represent");
  return textResponse(body, status, init);
}
function detailResponse(error) {
  return jsonResponse({ detail: error.detail }, error.status, error.headers);
}
function isResponse(value2) {
  if (value2 instanceof Response) return true;
  return typeof value2 === "object" && value2 !== null && typeof value2.status === "number" && typeof value2.headers === "object" && typeof value2.arrayBuffer === "function";
}
function notFound() {
  return new HttpError(404, "Not Found");
}
function internalError() {
  return new HttpError(500, "Internal Server Error");
}

// src/customer/middleware-order.ts
async function resolveMiddlewares(env, code, logger) {
  const load = async (variable) => {
    const spec = parseHandlerSpec(env[variable], variable);
    if (!spec) return void 0;
    if (spec.kind === "route") {
      throw new SageMakerConfigError(
        `Invalid handler specification in ${variable}='${spec.source}': a middleware must be 'file.mjs:function', not a route`,
        { code: "INVALID_SPEC", variable }
      );
    }
    return code.loadFunction(spec, variable);
  };
  const envThrottle = await load("CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE");
  const envPrePost = await load("CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS");
  const envPre = await load("CUSTOM_PRE_PROCESS");
  const envPost = await load("CUSTOM_POST_PROCESS");
  const script = await code.script();
  const scriptThrottle = singleRegistration(script, "throttle");
  const scriptPrePost = singleRegistration(script, "pre_post_process");
  const scriptPre = singleRegistration(script, "input");
  const scriptPost = singleRegistration(script, "output");
  const throttle = envThrottle ?? scriptThrottle;
  let prePost;
  if (envPrePost) prePost = envPrePost;
  else if (envPre || envPost) prePost = combinePrePost(envPre, envPost, logger);
  else if (scriptPrePost) prePost = scriptPrePost;
  else if (scriptPre || scriptPost) prePost = combinePrePost(scriptPre, scriptPost, logger);
  return { throttle, prePost };
}
function combinePrePost(pre, post, logger) {
  return async (request, next) => {
    let current = request;
    if (pre) {
      const replaced2 = await pre(request);
      if (replaced2 !== void 0 && replaced2 !== null) {
        if (!isRequest(replaced2)) {
          logger.error(`input formatter returned ${typeof replaced2}, not a Request or nothing`);
          throw new TypeError("input formatter must return a Request or nothing");
        }
        current = replaced2;
      }
    }
    const response = await next(current);
    if (!post) return response;
    const replaced = await post(response);
    if (replaced === void 0 || replaced === null) return response;
    if (!isResponse(replaced)) {
      logger.error(`output formatter returned ${typeof replaced}, not a Response or nothing`);
      throw new TypeError("output formatter must return a Response or nothing");
    }
    return replaced;
  };
}
function isRequest(value2) {
  if (value2 instanceof Request) return true;
  return typeof value2 === "object" && value2 !== null && typeof value2.url === "string" && typeof value2.method === "string" && typeof value2.headers === "object" && typeof value2.arrayBuffer === "function";
}

// src/_internal/client-signal.ts
var CLIENT_SIGNAL = /* @__PURE__ */ Symbol("clientSignal");
function setClientSignal(request, signal) {
  request[CLIENT_SIGNAL] = signal;
}
function clientSignalOf(request) {
  const own2 = request[CLIENT_SIGNAL];
  return own2 === void 0 ? request.signal : own2();
}

// src/_internal/wire.ts
var LIMIT_BODY = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.limitBody");
var TO_NATIVE_REQUEST = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.toNativeRequest");
var PATHNAME = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.pathname");
var ANSWER_NOW = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.answerNow");
function answererOf(handler) {
  const now = handler[ANSWER_NOW];
  return typeof now === "function" ? now : (request) => handler.fetch(request);
}

// src/body-limit.ts
function payloadTooLarge(limit) {
  return new HttpError(413, `Request body is larger than the limit of ${limit} bytes`);
}
function needsCounting(request, limit, tracker) {
  const own2 = request[LIMIT_BODY];
  if (typeof own2 === "function") {
    own2.call(request, limit, tracker);
    return false;
  }
  if (limit === Number.POSITIVE_INFINITY) return false;
  const method = request.method;
  if ((method === "GET" || method === "HEAD") && request.body === null) return false;
  const declared = request.headers.get("content-length");
  if (declared !== null && isContentLength(declared)) {
    if (Number(declared) > limit) throw payloadTooLarge(limit);
    return false;
  }
  return request.body !== null;
}
function isContentLength(value2) {
  if (value2.length === 0) return false;
  for (let index = 0; index < value2.length; index++) {
    const code = value2.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
function countedRequest(request, limit, tracker) {
  const source = request.body;
  let reader;
  let seen = 0;
  const counted = new ReadableStream(
    {
      async pull(controller) {
        reader ??= source.getReader();
        const { done, value: value2 } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        seen += value2.byteLength;
        if (seen > limit) {
          tracker.exceeded = true;
          controller.error(payloadTooLarge(limit));
          void reader.cancel().catch(() => void 0);
          return;
        }
        controller.enqueue(value2);
      },
      cancel(reason) {
        return reader ? reader.cancel(reason) : source.cancel(reason);
      }
    },
    { highWaterMark: 0 }
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    signal: request.signal,
    duplex: "half"
  });
}

// src/_internal/json-error.ts
function describeJsonError(text) {
  try {
    let index = value(text, skipSpace(text, 0));
    index = skipSpace(text, index);
    if (index !== text.length) fail("Extra data", index);
  } catch (error) {
    if (error instanceof JsonSyntax) return `${error.reason}: ${position(text, error.index)}`;
    throw error;
  }
  return `Expecting value: ${position(text, 0)}`;
}
var JsonSyntax = class {
  reason;
  index;
  constructor(reason, index) {
    this.reason = reason;
    this.index = index;
  }
};
function fail(reason, index) {
  throw new JsonSyntax(reason, index);
}
function position(text, index) {
  const lineStart = text.lastIndexOf("\n", index - 1);
  const line = text.slice(0, index).split("\n").length;
  const column = lineStart === -1 ? index + 1 : index - lineStart;
  return `line ${line} column ${column} (char ${index})`;
}
function skipSpace(text, index) {
  while (index < text.length && " 	\n\r".includes(text[index])) index++;
  return index;
}
var NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
var LITERALS = ["null", "true", "false"];
function value(text, index) {
  const char = text[index];
  if (char === "{") return object(text, index + 1);
  if (char === "[") return array2(text, index + 1);
  if (char === '"') return string2(text, index);
  for (const literal of LITERALS) if (text.startsWith(literal, index)) return index + literal.length;
  NUMBER.lastIndex = index;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return fail("Expecting value", index);
}
function object(text, index) {
  index = skipSpace(text, index);
  if (text[index] === "}") return index + 1;
  for (; ; ) {
    if (text[index] !== '"') fail("Expecting property name enclosed in double quotes", index);
    index = skipSpace(text, string2(text, index));
    if (text[index] !== ":") fail("Expecting ':' delimiter", index);
    index = skipSpace(text, value(text, skipSpace(text, index + 1)));
    if (text[index] === "}") return index + 1;
    if (text[index] !== ",") fail("Expecting ',' delimiter", index);
    index = skipSpace(text, index + 1);
  }
}
function array2(text, index) {
  index = skipSpace(text, index);
  if (text[index] === "]") return index + 1;
  for (; ; ) {
    index = skipSpace(text, value(text, index));
    if (text[index] === "]") return index + 1;
    if (text[index] !== ",") fail("Expecting ',' delimiter", index);
    index = skipSpace(text, index + 1);
  }
}
var ESCAPES = '"\\/bfnrt';
function string2(text, start) {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') return index + 1;
    if (char.charCodeAt(0) < 32) fail("Invalid control character at", index);
    if (char === "\\") {
      const escape = text[index + 1];
      if (escape === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) fail("Invalid \\uXXXX escape", index + 1);
        index += 6;
        continue;
      }
      if (escape === void 0 || !ESCAPES.includes(escape)) fail("Invalid \\escape", index);
      index += 2;
      continue;
    }
    index++;
  }
  return fail("Unterminated string starting at", start);
}

// src/_internal/json-body.ts
var decoder = new TextDecoder("utf-8", { fatal: true });
function decodeUtf8(bytes) {
  try {
    return decoder.decode(bytes);
  } catch {
    return void 0;
  }
}
var MAX_JSON_DEPTH = 512;
function exceedsJsonDepth(text) {
  if (text.length <= MAX_JSON_DEPTH) return false;
  if (count(text, "{", MAX_JSON_DEPTH + 1) + count(text, "[", MAX_JSON_DEPTH + 1) <= MAX_JSON_DEPTH) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (code === 93 || code === 125) depth--;
  }
  return false;
}
function count(text, char, enough) {
  let found = 0;
  for (let i = text.indexOf(char); i !== -1 && found < enough; i = text.indexOf(char, i + 1)) found++;
  return found;
}
var TOO_DEEP = `JSON nests deeper than ${MAX_JSON_DEPTH} levels`;
function parseJson(text) {
  if (exceedsJsonDepth(text)) return { ok: false, message: TOO_DEEP };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: describeJsonError(text) };
  }
}

// src/_internal/shared-body.ts
var KNOWN = /* @__PURE__ */ Symbol("knownBody");
var PENDING_LIMIT = /* @__PURE__ */ Symbol("pendingLimit");
var kitReaders = /* @__PURE__ */ new WeakSet();
function readsBodyThroughKit(handler) {
  kitReaders.add(handler);
  return handler;
}
function isKitReader(handler) {
  return kitReaders.has(handler);
}
function deferBodyLimit(request, limit, tracker) {
  request[PENDING_LIMIT] = { limit, tracker };
}
async function bodyBytes(request) {
  const entry = request[KNOWN];
  if (entry) return entry.bytes;
  const pending = request[PENDING_LIMIT];
  const bytes = pending ? await readCounted(request, pending) : new Uint8Array(await request.arrayBuffer());
  if (pending) request[PENDING_LIMIT] = void 0;
  request[KNOWN] = { bytes };
  return bytes;
}
async function readCounted(request, { limit, tracker }) {
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (; ; ) {
    const { done, value: value2 } = await reader.read();
    if (done) break;
    total += value2.byteLength;
    if (total > limit) {
      tracker.exceeded = true;
      void reader.cancel().catch(() => void 0);
      throw payloadTooLarge(limit);
    }
    chunks.push(value2);
  }
  if (chunks.length === 1 && chunks[0].byteOffset === 0 && chunks[0].byteLength === chunks[0].buffer.byteLength) {
    return chunks[0];
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
async function bodyText(request) {
  const bytes = await bodyBytes(request);
  const entry = request[KNOWN];
  if (entry.text === void 0) entry.text = decodeUtf8(bytes) ?? null;
  return entry.text ?? void 0;
}
async function bodyJson(request) {
  const known = request[KNOWN];
  if (known?.parsed) {
    const parsed = known.parsed;
    known.parsed = void 0;
    return parsed;
  }
  const text = await bodyText(request);
  return text === void 0 ? void 0 : parseJson(text);
}
async function requireJson(request) {
  const parsed = await bodyJson(request);
  if (parsed === void 0) throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  if (!parsed.ok) throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  return parsed.value;
}
function forward(request, inner) {
  if (kitReaders.has(inner)) return request;
  const entry = request[KNOWN];
  if (entry === void 0) {
    const pending = request[PENDING_LIMIT];
    if (pending === void 0) return request;
    request[PENDING_LIMIT] = void 0;
    return countedRequest(request, pending.limit, pending.tracker);
  }
  if (!request.bodyUsed) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const copy = withBytes(request, new Headers(request.headers), hasBody ? entry.bytes : null);
  copy[KNOWN] = { bytes: entry.bytes };
  return copy;
}
var encoder = new TextEncoder();
function forwardJson(request, value2, contentType) {
  const bytes = encoder.encode(JSON.stringify(value2));
  const copy = withBody(request, bytes, contentType);
  copy[KNOWN] = { bytes, parsed: { ok: true, value: value2 } };
  return copy;
}

// src/stream-guard.ts
async function guardStreamBody(response, onFailure) {
  const body = response.body;
  if (body === null) return response;
  const reader = body.getReader();
  const first = await reader.read();
  let held = first.done ? null : first.value;
  let ended = first.done;
  const guarded = new ReadableStream(
    {
      async pull(controller) {
        if (held !== null) {
          controller.enqueue(held);
          held = null;
          return;
        }
        if (ended) {
          controller.close();
          return;
        }
        let next;
        try {
          next = await reader.read();
        } catch (error) {
          onFailure(error);
          controller.error(error);
          return;
        }
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        held = null;
        return reader.cancel(reason);
      }
    },
    { highWaterMark: 0 }
  );
  return new Response(guarded, { status: response.status, statusText: response.statusText, headers: response.headers });
}

// src/models/routes.ts
var NO_PARAMS = Object.freeze({});
var PREFIX = "/models/";
var INVOKE = "/invoke";
function matchModelRoute(routes, method, pathname) {
  if (pathname === "/models") {
    if (method === "GET") return { kind: "handler", handler: routes.list, params: NO_PARAMS, head: false };
    if (method === "POST") return { kind: "handler", handler: routes.load, params: NO_PARAMS, head: false };
    return { kind: "method-not-allowed", allow: "GET, POST" };
  }
  if (!pathname.startsWith(PREFIX)) return void 0;
  const rest = pathname.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash === -1) {
    if (rest === "") return void 0;
    const params = { model_name: rest };
    if (method === "GET") return { kind: "handler", handler: routes.describe, params, head: false };
    if (method === "DELETE") return { kind: "handler", handler: routes.unload, params, head: false };
    return { kind: "method-not-allowed", allow: "DELETE, GET" };
  }
  if (slash === 0 || rest.slice(slash) !== INVOKE) return void 0;
  if (method !== "POST") return { kind: "method-not-allowed", allow: "POST" };
  return { kind: "handler", handler: routes.invoke, params: { model_name: rest.slice(0, slash) }, head: false };
}

// src/routing.ts
var FALLBACK = { kind: "fallback" };
var NO_PARAMS2 = Object.freeze({});
var ADAPTERS_PREFIX = "/adapters/";
function matchRoute(table, method, pathname) {
  switch (pathname) {
    case "/ping":
      if (!table.ping) return FALLBACK;
      if (method === "GET" || method === "POST") return { kind: "handler", handler: table.ping, params: NO_PARAMS2, head: false };
      if (method === "HEAD") return { kind: "handler", handler: table.ping, params: NO_PARAMS2, head: true };
      return { kind: "method-not-allowed", allow: "GET, HEAD, POST" };
    case "/invocations":
      if (!table.invocations) return FALLBACK;
      if (method === "POST") return { kind: "handler", handler: table.invocations, params: NO_PARAMS2, head: false };
      return { kind: "method-not-allowed", allow: "POST" };
    case "/adapters":
    // Starlette redirects `/adapters/` to `/adapters`, so `DELETE /adapters/` is a 405 there too.
    case "/adapters/":
      if (!table.loadAdapter) return FALLBACK;
      if (method === "POST") return { kind: "handler", handler: table.loadAdapter, params: NO_PARAMS2, head: false };
      return { kind: "method-not-allowed", allow: "POST" };
    case "/execution-parameters":
      if (!table.executionParameters) return FALLBACK;
      if (method === "GET") return { kind: "handler", handler: table.executionParameters, params: NO_PARAMS2, head: false };
      return { kind: "method-not-allowed", allow: "GET" };
  }
  if (table.models && pathname.startsWith("/models")) return matchModelRoute(table.models, method, pathname) ?? FALLBACK;
  if (table.unloadAdapter && pathname.startsWith(ADAPTERS_PREFIX)) {
    const segment = pathname.slice(ADAPTERS_PREFIX.length);
    if (segment === "" || segment.includes("/")) return FALLBACK;
    if (method !== "DELETE") return { kind: "method-not-allowed", allow: "DELETE" };
    return { kind: "handler", handler: table.unloadAdapter, params: { adapter_name: decodeSegment(segment) }, head: false };
  }
  return FALLBACK;
}
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
function requestPathname(request) {
  const own2 = request[PATHNAME];
  return typeof own2 === "function" ? own2.call(request) : pathnameOf(request.url);
}
function pathnameOf(url) {
  const schemeEnd = url.indexOf("://");
  const start = url.indexOf("/", schemeEnd === -1 ? 0 : schemeEnd + 3);
  return start === -1 ? "/" : pathFrom(url, start);
}
function targetPathname(target) {
  return target.startsWith("/") ? pathFrom(target, 0) : pathnameOf(target);
}
function pathFrom(url, start) {
  let end = start;
  while (end < url.length) {
    const code = url.charCodeAt(end);
    if (code === 63 || code === 35) break;
    end++;
  }
  return url.slice(start, end);
}

// src/pipeline.ts
var RequestState = class {
  exceeded = false;
  /** The body must still be counted against the limit, by the route's handler or a counting copy. */
  uncounted = false;
  /** The 413 already rendered for this request, so the last step does not render (and format) it again. */
  tooLargeAnswer;
  #request;
  #shutdown;
  #signal;
  #client;
  #failed;
  constructor(request, shutdown) {
    this.#request = request;
    this.#shutdown = shutdown;
  }
  /** The client went away; its request's body reads fail with "aborted", which is not a server fault. */
  get clientGone() {
    return (this.#client ??= clientSignalOf(this.#request)).aborted;
  }
  /** The client's signal joined with shutdown, built only when a handler asks for it. */
  signal() {
    if (this.#signal) return this.#signal;
    this.#failed = new AbortController();
    return this.#signal = anySignal([this.#client ??= clientSignalOf(this.#request), this.#shutdown, this.#failed.signal]);
  }
  /** The response body failed after the handler returned: the answer is lost, as if the client had left. */
  responseFailed(error) {
    this.#failed?.abort(error);
  }
};
function anySignal(signals) {
  try {
    if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
    const controller = new AbortController();
    const aborted = signals.find((signal) => signal.aborted);
    if (aborted) controller.abort(aborted.reason);
    for (const signal of signals) signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return controller.signal;
  } catch {
    return signals.length > 2 ? anySignal([signals[0], ...signals.slice(2)]) : signals[0];
  }
}
var Context = class {
  params;
  env;
  logger;
  session;
  transformed;
  #state;
  constructor(params, env, logger, state2) {
    this.params = params;
    this.env = env;
    this.logger = logger;
    this.#state = state2;
  }
  get signal() {
    return this.#state.signal();
  }
};
function createPipeline(options) {
  const { routes, middlewares, fallback, maxRequestBytes, env, logger, debug, errorFormatter, shutdownSignal } = options;
  const renderError = async (error, request, state2) => {
    const response = await formatError(error, request, state2);
    if (state2.exceeded) state2.tooLargeAnswer = response;
    return response;
  };
  const formatError = async (error, request, state2) => {
    let httpError;
    if (state2.exceeded) httpError = payloadTooLarge(maxRequestBytes);
    else if (isHttpError(error)) httpError = error;
    else if (state2.clientGone) {
      logger.warn(`Client disconnected during ${request.method} ${pathnameOf(request.url)}: ${describeError(error)}`);
      httpError = internalError();
    } else {
      logger.error(`Unhandled error in ${request.method} ${pathnameOf(request.url)}: ${describeError(error)}`);
      if (error instanceof Error && error.stack) logger.debug(error.stack);
      httpError = internalError();
    }
    if (errorFormatter) {
      try {
        const formatted = await errorFormatter(httpError, request);
        if (isResponse(formatted)) return withErrorHeaders(formatted, httpError);
        logger.error("errorFormatter did not return a Response; using the default error body");
      } catch (formatterError) {
        logger.error(`errorFormatter threw: ${describeError(formatterError)}`);
      }
    }
    return detailResponse(httpError);
  };
  const route = (request, state2, outermost) => {
    let result;
    try {
      const match = matchRoute(routes, request.method, requestPathname(request));
      if (state2.uncounted) {
        if (match.kind === "handler" && isKitReader(match.handler)) deferBodyLimit(request, maxRequestBytes, state2);
        else request = countedRequest(request, maxRequestBytes, state2);
      }
      if (match.kind === "fallback") return lastStepIf(outermost, routeFallback(request, state2), state2);
      if (match.kind === "method-not-allowed") {
        throw new HttpError(405, "Method Not Allowed", { headers: { allow: match.allow } });
      }
      result = match.handler(request, new Context(match.params, env, logger, state2));
    } catch (error) {
      return lastStepIf(outermost, renderError(error, request, state2), state2);
    }
    if (!isThenable(result)) return lastStepIf(outermost, settle(result, request, state2), state2);
    return Promise.resolve(result).then(
      (value2) => lastStepIf(outermost, settle(value2, request, state2), state2),
      (error) => lastStepIf(outermost, renderError(error, request, state2), state2)
    );
  };
  const lastStepIf = (outermost, answer2, state2) => outermost === void 0 ? answer2 : lastStep(answer2, outermost, state2);
  const settle = (result, request, state2) => {
    try {
      if (!isResponse(result)) return valueResponse(result);
      if (hasCompleteBody(result)) return result;
      return watchBody(result, request, state2).catch((error) => renderError(error, request, state2));
    } catch (error) {
      return renderError(error, request, state2);
    }
  };
  const routeFallback = async (request, state2) => {
    try {
      if (!fallback) throw notFound();
      const response = await fallback(request);
      if (!isResponse(response)) throw new TypeError("fallback must return a Response");
      return await watchBody(response, request, state2);
    } catch (error) {
      return renderError(error, request, state2);
    }
  };
  const watchBody = (response, request, state2) => guardStreamBody(response, (error) => {
    logger.error(`Response body failed while streaming ${request.method} ${pathnameOf(request.url)}; the connection is cut: ${describeError(error)}`);
    state2.responseFailed(error);
  });
  const dispatch = (index, request, state2) => {
    const middleware = middlewares[index];
    if (!middleware) return route(request, state2, void 0);
    return Promise.resolve(middleware(request, (next) => Promise.resolve(dispatch(index + 1, next, state2)))).then((response) => {
      if (!isResponse(response)) throw new TypeError("middleware must return a Response");
      return response;
    });
  };
  const answer = (request) => {
    const state2 = new RequestState(request, shutdownSignal);
    let response;
    try {
      if (debug) logger.debug(`Request: ${request.method} ${request.url} content-type=${request.headers.get("content-type") ?? "-"} content-length=${request.headers.get("content-length") ?? "-"}`);
      let first = request;
      if (needsCounting(request, maxRequestBytes, state2)) {
        if (middlewares.length > 0) first = countedRequest(request, maxRequestBytes, state2);
        else state2.uncounted = true;
      }
      if (middlewares.length === 0) return route(first, state2, request);
      response = dispatch(0, first, state2);
    } catch (error) {
      return renderedLast(error, request, state2);
    }
    return lastStep(response, request, state2);
  };
  const lastStep = (answer2, request, state2) => {
    if (!isThenable(answer2)) return lastStepOf(answer2, request, state2);
    return answer2.then(
      (value2) => lastStepOf(value2, request, state2),
      (error) => renderedLast(error, request, state2)
    );
  };
  const lastStepOf = (response, request, state2) => {
    try {
      if (state2.exceeded && response !== state2.tooLargeAnswer) {
        void response.body?.cancel().catch(() => void 0);
        return renderedLast(payloadTooLarge(maxRequestBytes), request, state2);
      }
      return headless(request, response);
    } catch (error) {
      return lastResort(error, logger, asksHead(request));
    }
  };
  const renderedLast = (error, request, state2) => renderError(error, request, state2).then(
    (value2) => {
      try {
        return headless(request, value2);
      } catch (headFailure) {
        return lastResort(headFailure, logger, asksHead(request));
      }
    },
    (renderFailure) => lastResort(renderFailure, logger, asksHead(request))
  );
  const headless = (request, response) => request.method === "HEAD" && response.body !== null ? withoutBody(response) : response;
  return answer;
}
function asksHead(request) {
  try {
    return request?.method === "HEAD";
  } catch {
    return false;
  }
}
function lastResort(error, logger, head = false) {
  try {
    logger.error(`Request failed beyond its error handling: ${describeError(error)}`);
  } catch {
  }
  return new Response(head ? null : '{"detail":"Internal Server Error"}', { status: 500, headers: { "content-type": "application/json" } });
}
function isThenable(value2) {
  return typeof value2?.then === "function";
}
function withoutBody(response) {
  void response.body?.cancel().catch(() => void 0);
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}
function withErrorHeaders(response, error) {
  if (!error.headers) return response;
  const headers = new Headers(error.headers);
  let missing = false;
  headers.forEach((_value, name) => {
    if (!response.headers.has(name)) missing = true;
  });
  if (!missing) return response;
  const merged = new Headers(response.headers);
  headers.forEach((value2, name) => {
    if (!merged.has(name)) merged.set(name, value2);
  });
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

// src/batch/settings.ts
var BATCH_VAR = "SAGEMAKER_BATCH";
var BATCH_STRATEGY_VAR = "SAGEMAKER_BATCH_STRATEGY";
var MAX_CONCURRENT_TRANSFORMS_VAR = "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS";
var MAX_PAYLOAD_VAR = "SAGEMAKER_MAX_PAYLOAD_IN_MB";
var STRATEGIES = ["SINGLE_RECORD", "MULTI_RECORD"];
function parseBatchVariables(env) {
  return {
    enabled: parseBatch(env[BATCH_VAR]),
    batchStrategy: parseStrategy(env[BATCH_STRATEGY_VAR]),
    maxConcurrentTransforms: parseNumber(env[MAX_CONCURRENT_TRANSFORMS_VAR], MAX_CONCURRENT_TRANSFORMS_VAR, true),
    maxPayloadInMB: parseNumber(env[MAX_PAYLOAD_VAR], MAX_PAYLOAD_VAR, false)
  };
}
var invalid2 = (variable, message) => new SageMakerConfigError(message, { code: "INVALID_ENV", variable });
function parseBatch(raw) {
  if (raw === void 0 || raw === "") return false;
  const lower = raw.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw invalid2(BATCH_VAR, `${BATCH_VAR} must be 'true' or 'false', got '${raw}'`);
}
function parseStrategy(raw) {
  if (raw === void 0 || raw === "") return void 0;
  const upper = raw.trim().toUpperCase();
  if (STRATEGIES.includes(upper)) return upper;
  throw invalid2(BATCH_STRATEGY_VAR, `${BATCH_STRATEGY_VAR} must be SINGLE_RECORD or MULTI_RECORD, got '${raw}'`);
}
function parseNumber(raw, name, integer2) {
  if (raw === void 0 || raw.trim() === "") return void 0;
  const trimmed = raw.trim();
  const value2 = Number(trimmed);
  const shape = integer2 ? /^\+?\d+$/ : /^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (!shape.test(trimmed) || !Number.isFinite(value2) || integer2 && !Number.isSafeInteger(value2)) {
    throw invalid2(name, `${name} must be ${integer2 ? "a whole number" : "a number"} of at least 0, got '${raw}'`);
  }
  return value2;
}
var MIB = 1024 * 1024;
var DEFAULT_MAX_PAYLOAD_IN_MB = 6;
function payloadLimitBytes(maxPayloadInMB) {
  if (maxPayloadInMB === void 0) return void 0;
  return maxPayloadInMB === 0 ? Number.POSITIVE_INFINITY : Math.floor(maxPayloadInMB * MIB);
}
function resolveBodyLimit(configured, settings, batch) {
  if (configured !== void 0) return configured;
  return payloadLimitBytes(settings.maxPayloadInMB) ?? (batch?.maxPayloadInMB ?? DEFAULT_MAX_PAYLOAD_IN_MB) * MIB;
}
function executionParameters(batch) {
  const answer = {
    MaxConcurrentTransforms: batch.maxConcurrentTransforms ?? 1,
    BatchStrategy: batch.batchStrategy ?? "MULTI_RECORD",
    MaxPayloadInMB: batch.maxPayloadInMB ?? DEFAULT_MAX_PAYLOAD_IN_MB
  };
  if (answer.MaxConcurrentTransforms * answer.MaxPayloadInMB > 100) {
    throw new SageMakerConfigError(
      `config.batch.maxConcurrentTransforms (${answer.MaxConcurrentTransforms}) times config.batch.maxPayloadInMB (${answer.MaxPayloadInMB}) must be at most 100 (SageMaker's limit)`,
      { key: "config.batch" }
    );
  }
  return answer;
}

// src/_internal/json-path.ts
var FORBIDDEN = /* @__PURE__ */ new Set(["__proto__", "prototype", "constructor"]);
function parseDotPath(path) {
  const segments = path.split(".");
  for (const segment of segments) {
    if (segment === "") throw new Error(`path '${path}' has an empty segment`);
    if (FORBIDDEN.has(segment)) throw new Error(`path '${path}' uses the reserved segment '${segment}'`);
  }
  return segments;
}
function isJsonObject(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2);
}
function setAtPath(target, segments, value2) {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i];
    const next = Object.hasOwn(node, key) ? node[key] : void 0;
    if (next === void 0 || next === null) {
      const created = {};
      defineValue(node, key, created);
      node = created;
    } else if (isJsonObject(next)) {
      node = next;
    } else {
      return false;
    }
  }
  defineValue(node, segments[segments.length - 1], value2);
  return true;
}
function getAtPath(target, segments) {
  let node = target;
  for (const key of segments) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return void 0;
    node = node[key];
  }
  return node;
}
function defineValue(target, key, value2) {
  Object.defineProperty(target, key, { value: value2, writable: true, enumerable: true, configurable: true });
}

// src/models/name.ts
var MAX_MODEL_NAME_LENGTH = 256;
function modelNameProblem(name) {
  if (name.length === 0) return "cannot be empty";
  if (name.length > MAX_MODEL_NAME_LENGTH) return `cannot be longer than ${MAX_MODEL_NAME_LENGTH} characters`;
  if (name === "." || name === "..") return `cannot be '${name}'`;
  if (name.includes("/")) return "cannot contain '/'";
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 32 || code === 127) return "cannot contain control characters";
  }
  return void 0;
}
function checkModelName(name, field) {
  const problem = modelNameProblem(name);
  if (problem) throw new HttpError(400, `Invalid ${field}: the model name ${problem}`);
  return name;
}
function modelNameFromSegment(segment) {
  let decoded;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "Invalid model_name: the path segment is not valid percent-encoding");
  }
  return checkModelName(decoded, "model_name");
}

// src/models/registry.ts
var TOKEN_PREFIX = "mp1.";
var ModelRegistry = class {
  #entries = /* @__PURE__ */ new Map();
  /** Servable entries in load-completion order. */
  #listed = [];
  /** Sequence numbers that ended a page: the only tokens accepted. Bounded by the number of loads. */
  #issued = /* @__PURE__ */ new Set();
  #nextSeq = 1;
  #closing = false;
  #options;
  constructor(options) {
    this.#options = options;
  }
  /** Loads `name` once; 409 while the name is taken, 507 when out of room, the load's own error otherwise. */
  async load(name, url) {
    if (this.#entries.has(name)) throw new HttpError(409, `Model ${name} is already loaded`);
    if (this.#closing) throw new HttpError(503, "Service Unavailable");
    const { maxLoaded } = this.#options;
    if (maxLoaded !== void 0 && this.#entries.size >= maxLoaded) {
      throw new HttpError(507, `Cannot load model ${name}: ${this.#entries.size} models are loaded`);
    }
    let settle;
    const entry = {
      name,
      url,
      handle: void 0,
      serving: void 0,
      servable: false,
      deleting: false,
      active: 0,
      seq: 0,
      settled: new Promise((resolve) => settle = resolve)
    };
    this.#entries.set(name, entry);
    let loaded;
    try {
      loaded = await this.#options.load(name, url);
    } catch (error) {
      this.#entries.delete(name);
      settle(false);
      if (isHttpError(error)) throw error;
      this.#options.logger.error(`Failed to load model ${name}: ${describeError(error)}`);
      throw new HttpError(500, `Failed to load model ${name}`, { cause: error });
    }
    entry.handle = loaded.handle;
    entry.serving = loaded.serving;
    entry.seq = this.#nextSeq++;
    if (!entry.deleting && !this.#closing) {
      entry.servable = true;
      this.#listed.push(entry);
    }
    settle(true);
    this.#options.logger.info(`Loaded model ${name}`);
    if (this.#closing && !entry.deleting) void this.#unloadQuietly(entry);
    return entry;
  }
  /** A servable model, or undefined. */
  get(name) {
    const entry = this.#entries.get(name);
    return entry?.servable ? entry : void 0;
  }
  /** The servable model, counted as active until `release`; undefined when not servable. */
  acquire(name) {
    const entry = this.get(name);
    if (entry) entry.active++;
    return entry;
  }
  release(entry) {
    entry.active--;
  }
  /** One page of servable models after `token`; a token this registry did not issue is 400. */
  list(token) {
    let after = 0;
    if (token !== null) {
      const seq = token.startsWith(TOKEN_PREFIX) ? Number(token.slice(TOKEN_PREFIX.length)) : Number.NaN;
      if (!this.#issued.has(seq)) throw new HttpError(400, "Invalid next_page_token: it was not issued by this server");
      after = seq;
    }
    let start = 0;
    while (start < this.#listed.length && this.#listed[start].seq <= after) start++;
    const models = this.#listed.slice(start, start + this.#options.pageSize);
    const more = start + models.length < this.#listed.length;
    if (!more || models.length === 0) return { models, nextPageToken: void 0 };
    const last = models[models.length - 1].seq;
    this.#issued.add(last);
    return { models, nextPageToken: `${TOKEN_PREFIX}${last}` };
  }
  /**
   * DELETE: stops serving at once, waits for a load in progress and for running invocations (their
   * responses included), then unloads. The model is gone whether or not `unload` succeeds.
   */
  async unload(name) {
    const entry = this.#entries.get(name);
    if (!entry || entry.deleting || this.#closing) throw notLoaded(name);
    entry.deleting = true;
    this.#stopServing(entry);
    if (!await entry.settled) throw notLoaded(name);
    await this.#drain(entry);
    try {
      await this.#options.unload(entry);
    } catch (error) {
      if (isHttpError(error)) throw error;
      this.#options.logger.error(`Failed to unload model ${name}: ${describeError(error)}`);
      throw new HttpError(500, `Failed to unload model ${name}`, { cause: error });
    } finally {
      this.#entries.delete(name);
    }
    this.#options.logger.info(`Unloaded model ${name}`);
    return entry;
  }
  /** handler.close(): every model is unloaded once its load settles; running responses are not awaited. */
  async closeAll() {
    this.#closing = true;
    const pending = [...this.#entries.values()].filter((entry) => !entry.deleting);
    for (const entry of pending) {
      entry.deleting = true;
      this.#stopServing(entry);
    }
    await Promise.all(
      pending.map(async (entry) => {
        if (await entry.settled) await this.#unloadQuietly(entry);
      })
    );
  }
  async #unloadQuietly(entry) {
    entry.deleting = true;
    this.#stopServing(entry);
    try {
      await this.#options.unload(entry);
    } catch (error) {
      this.#options.logger.error(`Failed to unload model ${entry.name}: ${describeError(error)}`);
    } finally {
      this.#entries.delete(entry.name);
    }
  }
  #stopServing(entry) {
    if (!entry.servable) return;
    entry.servable = false;
    this.#listed = this.#listed.filter((listed) => listed !== entry);
  }
  /**
   * Polls rather than waiting on a promise that the invocations resolve: workerd refuses a promise
   * made in one request and resolved by another ("Promise will never complete"), and cancels a request
   * as hung when only another request could wake it; the waiting request's own timer avoids both.
   */
  async #drain(entry) {
    while (entry.active > 0) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
};
var DRAIN_POLL_MS = 10;
function notLoaded(name) {
  return new HttpError(404, `Model ${name} is not loaded`);
}

// src/models/scripts.ts
var SCRIPT_EXPORT2 = "custom_sagemaker_invocation_handler";
var PRE_POST_VARIABLES = ["CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS", "CUSTOM_PRE_PROCESS", "CUSTOM_POST_PROCESS"];
function envFillsPrePost(env) {
  return PRE_POST_VARIABLES.some((name) => (env[name] ?? "").trim() !== "");
}
async function loadModelScript(name, url, options) {
  const { env, platform, importModule, logger } = options;
  const code = new CustomerCode({ SAGEMAKER_MODEL_PATH: url, CUSTOM_SCRIPT_FILENAME: env.CUSTOM_SCRIPT_FILENAME }, platform, importModule);
  let script;
  try {
    script = await code.script();
  } catch (error) {
    const file = error instanceof CustomerScriptError ? error.path : code.scriptCandidates()[0] ?? url;
    const cause = error instanceof SageMakerConfigError && error.cause !== void 0 ? error.cause : error;
    logger.error(`Failed to load model ${name}: ${file}: ${causeMessage(cause)}`);
    throw new HttpError(500, `Failed to load model ${name}: ${file}: ${causeMessage(cause)}`, { cause });
  }
  if (!script) return { handler: void 0, prePost: void 0 };
  const path = script.path;
  try {
    const marked = singleRegistration(script, "invocations");
    const exported = script.exports[SCRIPT_EXPORT2];
    if (exported !== void 0 && typeof exported !== "function") {
      throw new SageMakerConfigError(`${SCRIPT_EXPORT2} is not a function (found ${exported === null ? "null" : typeof exported})`, { code: "CUSTOMER_CODE_INVALID", file: path });
    }
    const own2 = marked ?? exported;
    const input = singleRegistration(script, "input");
    const output = singleRegistration(script, "output");
    const formatters = !envFillsPrePost(env) && (input || output);
    return {
      handler: own2 && !options.levelOne ? await options.prepare(own2) : void 0,
      prePost: formatters ? combinePrePost(input, output, logger) : void 0
    };
  } catch (error) {
    const message = error instanceof SageMakerConfigError ? error.message : causeMessage(error);
    logger.error(`Failed to load model ${name}: ${path}: ${message}`);
    throw new HttpError(500, `Failed to load model ${name}: ${path}: ${message}`, { cause: error });
  }
}

// src/models/router.ts
var TARGET_MODEL_HEADER = "x-amzn-sagemaker-target-model";
var DEFAULT_PAGE_SIZE = 100;
var MODELS_PREFIX = "/models/";
var INVOKE_SUFFIX = "/invoke";
var describe = (entry) => ({ modelName: entry.name, modelUrl: entry.url });
function createModelRouter(options) {
  const { host, env, logger } = options;
  const modelContext = { env, logger };
  let withOwnPrePost = 0;
  const registry = new ModelRegistry({
    maxLoaded: host.maxLoaded,
    pageSize: host.pageSize ?? DEFAULT_PAGE_SIZE,
    logger,
    async load(name, url) {
      const serving = await loadModelScript(name, url, options);
      const handle = await host.load(name, url, modelContext);
      if (serving.prePost) withOwnPrePost++;
      return { handle, serving };
    },
    async unload(entry) {
      if (entry.serving?.prePost) withOwnPrePost--;
      await host.unload?.(entry.name, entry.handle, modelContext);
    }
  });
  const routes = {
    async list(request) {
      const token = new URL(request.url).searchParams.get("next_page_token");
      const page = registry.list(token);
      const body = { models: page.models.map(describe) };
      if (page.nextPageToken !== void 0) body.nextPageToken = page.nextPageToken;
      return body;
    },
    async load(request) {
      const { name, url } = await readLoadRequest(request);
      return describe(await registry.load(name, url));
    },
    describe(_request, context) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      const entry = registry.get(name);
      if (!entry) throw notLoaded(name);
      return describe(entry);
    },
    async unload(_request, context) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      return describe(await registry.unload(name));
    },
    async invoke(request, context) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      const entry = registry.acquire(name);
      if (!entry) throw notLoaded(name);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        registry.release(entry);
      };
      try {
        context.params = { model_name: name };
        context.model = { name, url: entry.url, handle: entry.handle, targetModel: request.headers.get(TARGET_MODEL_HEADER) ?? void 0 };
        const handler = entry.serving?.handler ?? options.invocations;
        if (!handler) throw notFound();
        const result = await handler(request, context);
        if (!isResponse(result)) {
          release();
          return result;
        }
        return releaseWhenSent(result, release);
      } catch (error) {
        release();
        throw error;
      }
    }
  };
  return {
    routes,
    prePost(container) {
      return (request, next) => {
        const own2 = withOwnPrePost > 0 ? modelPrePost(registry, request) : void 0;
        if (own2) return own2(request, next);
        return container ? container(request, next) : next(request);
      };
    },
    close: () => registry.closeAll()
  };
}
function modelPrePost(registry, request) {
  if (request.method !== "POST") return void 0;
  const path = requestPathname(request);
  if (!path.startsWith(MODELS_PREFIX) || !path.endsWith(INVOKE_SUFFIX)) return void 0;
  const segment = path.slice(MODELS_PREFIX.length, -INVOKE_SUFFIX.length);
  if (segment === "" || segment.includes("/")) return void 0;
  let name;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return void 0;
  }
  return registry.get(name)?.serving?.prePost;
}
function releaseWhenSent(response, release) {
  const body = response.body;
  if (body === null) {
    release();
    return response;
  }
  const reader = body.getReader();
  const tracked = new ReadableStream(
    {
      async pull(controller) {
        try {
          const { done, value: value2 } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value2);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      }
    },
    { highWaterMark: 0 }
  );
  return new Response(tracked, { status: response.status, statusText: response.statusText, headers: response.headers });
}
async function readLoadRequest(request) {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (text === void 0) throw new HttpError(400, "Invalid request body: not valid UTF-8");
  const parsed = parseJson(text);
  if (!parsed.ok) throw new HttpError(400, `Invalid request body: JSON decode error: ${parsed.message}`);
  const body = parsed.value;
  if (!isJsonObject(body)) throw new HttpError(400, 'Invalid request body: expected a JSON object {"model_name": ..., "url": ...}');
  const name = body.model_name;
  if (typeof name !== "string" || name === "") throw new HttpError(400, "Invalid model_name: a non-empty string is required");
  const url = body.url;
  if (typeof url !== "string" || url === "") throw new HttpError(400, "Invalid url: a non-empty string is required");
  return { name: checkModelName(name, "model_name"), url };
}

// src/sessions/memory-store.ts
var SWEEP_INTERVAL_MS = 1e3;
var MIN_SWEEP_SIZE = 1024;
function createMemorySessionStore(options = {}) {
  const clock = options.now ?? Date.now;
  const sessions = /* @__PURE__ */ new Map();
  const at = (now) => now ? now.getTime() : clock();
  let lastSweep = Number.NEGATIVE_INFINITY;
  let sweepAtSize = MIN_SWEEP_SIZE;
  const sweep = (nowMs) => {
    lastSweep = clock();
    let removed = 0;
    for (const [id, entry] of sessions) {
      if (nowMs > entry.expiresAt && sessions.delete(id)) removed++;
    }
    sweepAtSize = Math.max(MIN_SWEEP_SIZE, sessions.size * 2);
    return removed;
  };
  const sweepIfDue = (nowMs) => {
    if (sessions.size >= sweepAtSize || clock() - lastSweep >= SWEEP_INTERVAL_MS) sweep(nowMs);
  };
  const active = (id, key, now) => {
    assertSessionKey(key);
    const entry = isValidSessionId(id) ? sessions.get(id) : void 0;
    if (entry === void 0 || at(now) > entry.expiresAt) throw new SessionNotFoundError(String(id));
    return entry;
  };
  return {
    async create({ ttlSeconds, now }) {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const nowMs = at(now);
      sweepIfDue(nowMs);
      let id = newSessionId();
      while (sessions.has(id)) id = newSessionId();
      const expiresAt = expiryFrom(nowMs, ttlSeconds);
      sessions.set(id, { expiresAt });
      return { id, expiresAt: new Date(expiresAt) };
    },
    async lookup(id, now) {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const entry = sessions.get(id);
      if (entry === void 0) return { state: "unknown" };
      if (at(now) > entry.expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(entry.expiresAt) };
    },
    async delete(id) {
      return isValidSessionId(id) && sessions.delete(id);
    },
    async sweep(now) {
      return sweep(at(now));
    },
    async getValue(id, key, now) {
      const text = active(id, key, now).values?.get(key);
      return text === void 0 ? void 0 : JSON.parse(text);
    },
    async putValue(id, key, value2, now) {
      const entry = active(id, key, now);
      (entry.values ??= /* @__PURE__ */ new Map()).set(key, serializeSessionValue(value2));
    },
    async deleteValue(id, key, now) {
      return active(id, key, now).values?.delete(key) ?? false;
    },
    async close() {
      sessions.clear();
    }
  };
}

// src/sessions/default-store.ts
function defaultStore(setup) {
  const store = setup.platform.createSessionStore?.({ env: setup.env, logger: setup.logger });
  if (store) return store;
  setup.logger.warn(
    "Stateful sessions use an in-memory store: each isolate (or process) has its own sessions, unknown to the others. Pass config.sessions.store (e.g. createRedisSessionStore from model-hosting-container-standards/redis) to share them."
  );
  return createMemorySessionStore();
}

// src/sessions/protocol.ts
var SESSION_ID_HEADER = "X-Amzn-SageMaker-Session-Id";
var NEW_SESSION_ID_HEADER = "X-Amzn-SageMaker-New-Session-Id";
var CLOSED_SESSION_ID_HEADER = "X-Amzn-SageMaker-Closed-Session-Id";
var NEW_SESSION = "NEW_SESSION";
var SESSIONS_DISABLED = "Invalid payload. stateful sessions not enabled";
var SESSIONS_DISABLED_HEADER = "Invalid payload. stateful sessions not enabled, X-Amzn-SageMaker-Session-Id header not supported";
var REQUEST_TYPES = ["NEW_SESSION", "CLOSE"];
var MAX_ECHO = 256;
function echoId(id) {
  return id.length > MAX_ECHO ? `${id.slice(0, MAX_ECHO)}...` : id;
}
function sessionNotFound(id) {
  return `Bad request: session not found: ${echoId(id)}`;
}
function mayHoldRequestType(text) {
  return text.includes("requestType") || text.includes("\\");
}
function parseBody(text) {
  if (text === void 0) return { kind: "invalid-utf8" };
  const parsed = parseJson(text);
  return parsed.ok ? { kind: "json", value: parsed.value } : { kind: "invalid-json", message: parsed.message };
}
function isSessionRequestBody(value2) {
  return isJsonObject(value2) && Object.hasOwn(value2, "requestType");
}
function checkSessionRequest(body) {
  const errors = [];
  const requestType = body.requestType;
  if (!REQUEST_TYPES.includes(requestType)) {
    errors.push({
      type: "enum",
      loc: ["requestType"],
      msg: "Input should be 'NEW_SESSION' or 'CLOSE'",
      input: requestType,
      ctx: { expected: "'NEW_SESSION' or 'CLOSE'" }
    });
  }
  for (const key of Object.keys(body)) {
    if (key === "requestType") continue;
    errors.push({ type: "extra_forbidden", loc: [key], msg: "Extra inputs are not permitted", input: body[key] });
  }
  if (errors.length > 0) return { ok: false, detail: JSON.stringify(errors) };
  return { ok: true, type: requestType };
}

// src/sessions/session-data.ts
var DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
var DATA_METHODS = ["getValue", "putValue", "deleteValue"];
var encoder2 = new TextEncoder();
function createSessionInfo({ id, expiresAt, store, maxValueBytes, logger }) {
  const method = (name) => {
    const target = store();
    const fn2 = target[name];
    if (typeof fn2 !== "function") {
      const missing = DATA_METHODS.filter((m) => typeof target[m] !== "function").join(", ");
      throw new TypeError(`Session data needs a store with getValue, putValue and deleteValue; config.sessions.store has no ${missing}`);
    }
    return fn2.bind(target);
  };
  const checkKey = (key) => {
    const problem = sessionKeyProblem(key);
    if (problem) throw new HttpError(400, `Invalid session key ${JSON.stringify(shorten(String(key)))}: ${problem}`);
  };
  const guard = async (operation, run) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (isSessionNotFound(error)) throw new HttpError(400, sessionNotFound(id));
      logger.error(`Session store failed to ${operation} a session value: ${describeError(error)}`);
      const code = error?.code;
      throw new HttpError(503, `Session store unavailable: session store error${typeof code === "string" ? ` (${code})` : ""}; see the server log`);
    }
  };
  return {
    id,
    expiresAt,
    async get(key) {
      checkKey(key);
      const getValue = method("getValue");
      return guard("read", () => getValue(id, key));
    },
    async put(key, value2) {
      checkKey(key);
      const putValue = method("putValue");
      const bytes = encoder2.encode(serializeSessionValue(value2)).length;
      if (bytes > maxValueBytes) {
        throw new HttpError(413, `Session value for key ${JSON.stringify(shorten(key))} is ${bytes} bytes, over the limit of ${maxValueBytes} (config.sessions.maxValueBytes)`);
      }
      await guard("write", () => putValue(id, key, value2));
    },
    async delete(key) {
      checkKey(key);
      const deleteValue = method("deleteValue");
      return guard("delete", () => deleteValue(id, key));
    }
  };
}
function shorten(key) {
  return key.length > 64 ? `${key.slice(0, 64)}...` : key;
}

// src/sessions/session-runtime.ts
var ENABLE_VAR = "SAGEMAKER_ENABLE_STATEFUL_SESSIONS";
var EXPIRATION_VAR = "SAGEMAKER_SESSIONS_EXPIRATION";
var DEFAULT_EXPIRATION_SECONDS = 1200;
var MAX_EXPIRATION_SECONDS = 100 * 365 * 24 * 60 * 60;
var SHARED_KEY = "sessions.runtime";
function readSessionVariables(env, explicit = {}) {
  const fromConfig = explicit.expirationSeconds !== void 0;
  const expirationSeconds = explicit.expirationSeconds ?? parsePositiveInt(env, EXPIRATION_VAR, DEFAULT_EXPIRATION_SECONDS);
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    const source = fromConfig ? "config.sessions.expirationSeconds" : EXPIRATION_VAR;
    throw new SageMakerConfigError(
      `${source} must be at most ${MAX_EXPIRATION_SECONDS} seconds (100 years), got ${expirationSeconds}`,
      fromConfig ? { key: source } : { code: "INVALID_ENV", variable: EXPIRATION_VAR }
    );
  }
  return { enabled: explicit.enabled ?? parseSageMakerBool(env, ENABLE_VAR, false), expirationSeconds, path: env.SAGEMAKER_SESSIONS_PATH };
}
function sessionRuntime(setup) {
  return setup.shared(SHARED_KEY, () => {
    const options = setup.config.sessions ?? {};
    const { enabled, expirationSeconds } = readSessionVariables(setup.env, options);
    let store = options.store;
    let owned;
    if (enabled && !store) store = owned = defaultStore(setup);
    setup.onClose(async () => {
      await owned?.close?.();
    });
    return {
      enabled,
      expirationSeconds,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      store() {
        if (store) return store;
        owned = defaultStore(setup);
        store = owned;
        return store;
      }
    };
  });
}

// src/settings.ts
var MULTI_MODEL_VAR = "SAGEMAKER_MULTI_MODEL";
var HANDLER_VARIABLES = {
  ping: "CUSTOM_FASTAPI_PING_HANDLER",
  invocations: "CUSTOM_FASTAPI_INVOCATION_HANDLER",
  throttle: "CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE",
  prePostProcess: "CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS",
  preProcess: "CUSTOM_PRE_PROCESS",
  postProcess: "CUSTOM_POST_PROCESS"
};
function resolveSettings(env) {
  if (typeof env !== "object" || env === null) throw new TypeError("resolveSettings(env): env must be an object of strings");
  return resolveSettingsFor(env, {});
}
function resolveSettingsFor(env, config) {
  const sessions = readSessionVariables(env, config.sessions ?? {});
  const handlers = {};
  for (const [name, variable] of Object.entries(HANDLER_VARIABLES)) {
    const spec = parseHandlerSpec(env[variable], variable);
    if (spec?.kind === "route" && name !== "ping" && name !== "invocations") {
      throw new SageMakerConfigError(
        `Invalid handler specification in ${variable}='${spec.source}': a middleware must be 'file.mjs:function', not a route`,
        { code: "INVALID_SPEC", variable }
      );
    }
    if (spec) handlers[name] = spec;
  }
  const batch = parseBatchVariables(env);
  return {
    sessions,
    maxRequestBytes: payloadLimitBytes(batch.maxPayloadInMB) ?? DEFAULT_MAX_PAYLOAD_IN_MB * 1024 * 1024,
    multiModel: parseMultiModel(env[MULTI_MODEL_VAR]),
    batch,
    logLevel: resolveLogLevel(env),
    modelPath: env.SAGEMAKER_MODEL_PATH || DEFAULT_MODEL_PATH,
    customScriptFilename: env.CUSTOM_SCRIPT_FILENAME || void 0,
    handlers
  };
}
function parseMultiModel(raw) {
  if (raw === void 0) return false;
  const lower = raw.trim().toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "" || lower === "false" || lower === "0") return false;
  throw new SageMakerConfigError(`${MULTI_MODEL_VAR} must be true, 1, false or 0, got '${raw}'`, { code: "INVALID_ENV", variable: MULTI_MODEL_VAR });
}

// src/hosting-modes.ts
function checkHostingModes(env, settings, config) {
  if (settings.multiModel && !config.models) {
    throw new SageMakerConfigError(
      `${MULTI_MODEL_VAR}=${env[MULTI_MODEL_VAR]} (a multi-model endpoint) but config.models is not given: this engine cannot load models`,
      { code: "INVALID_ENV", variable: MULTI_MODEL_VAR }
    );
  }
  if (config.batch) executionParameters(config.batch);
  return { maxRequestBytes: resolveBodyLimit(config.maxRequestBytes, settings.batch, config.batch) };
}
function mountHostingModes(routes, options) {
  const { config } = options;
  if (config.batch) {
    const answer = executionParameters(config.batch);
    routes.executionParameters = () => answer;
  }
  if (!config.models) return (prePost) => prePost;
  routes.ping ??= () => void 0;
  const router = createModelRouter({
    host: config.models,
    env: options.env,
    logger: options.logger,
    platform: options.platform,
    importModule: options.importModule,
    invocations: routes.invocations,
    levelOne: parseHandlerSpec(options.env.CUSTOM_FASTAPI_INVOCATION_HANDLER, "CUSTOM_FASTAPI_INVOCATION_HANDLER") !== void 0,
    prepare: options.prepare
  });
  routes.models = router.routes;
  options.onClose(() => router.close());
  return (prePost) => router.prePost(prePost);
}

// src/sessions/file-store.ts
var EXPIRY_FILE = ".expiration_ts";
var STAGING = ".mhcs-staging-";
var TRASH = ".mhcs-trash-";
var TEMP_VALUE = ".mhcs-tmp-";
var UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
var OWN_STAGING = new RegExp(`^\\${STAGING}${UUID}$`);
var OWN_TRASH = new RegExp(`^\\${TRASH}${UUID}$`);
var STALE_STAGING_MS = 5 * 6e4;
var DEFAULT_SWEEP_MS = 6e4;
var R_OK = 4;
var W_OK = 2;
var X_OK = 1;
var ABSENT = /* @__PURE__ */ new Set(["ENOENT", "ENOTDIR", "EISDIR", "ELOOP", "ENAMETOOLONG"]);
var COLLISION = /* @__PURE__ */ new Set(["EEXIST", "ENOTEMPTY", "EISDIR", "ENOTDIR"]);
var codeOf = (error) => {
  const code = error?.code;
  return typeof code === "string" ? code : void 0;
};
var isAbsent = (error) => ABSENT.has(codeOf(error) ?? "");
var PLAIN_KEY = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$/;
var MAX_ENCODED = 240;
async function keyFileName(key) {
  if (PLAIN_KEY.test(key)) return key;
  const bytes = new TextEncoder().encode(key);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = `~${btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}`;
  if (encoded.length <= MAX_ENCODED) return encoded;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  return `~~${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
function createFileStoreOn(fs, options = {}) {
  const clock = options.now ?? Date.now;
  const logger = options.logger ?? createConsoleLogger();
  const sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
  let rootPromise;
  let timer;
  let sweeping;
  let lastSweep = Number.NEGATIVE_INFINITY;
  let closed = false;
  const root = () => {
    rootPromise ??= resolveRoot(fs, options, logger).then(
      (dir) => {
        startTimer();
        return dir;
      },
      (error) => {
        rootPromise = void 0;
        throw error;
      }
    );
    return rootPromise;
  };
  const startTimer = () => {
    if (closed || timer !== void 0 || sweepIntervalMs <= 0) return;
    timer = setInterval(backgroundSweep, sweepIntervalMs);
    timer.unref?.();
  };
  const readExpiry = async (dir) => {
    let text;
    try {
      text = await fs.readFile(fs.join(dir, EXPIRY_FILE), "utf8");
    } catch (error) {
      if (isAbsent(error)) return void 0;
      throw error;
    }
    try {
      const seconds = JSON.parse(text);
      return typeof seconds === "number" && Number.isFinite(seconds) ? seconds * 1e3 : void 0;
    } catch {
      return void 0;
    }
  };
  const remove = async (base, id) => {
    const trash = fs.join(base, `${TRASH}${newSessionId()}`);
    try {
      await fs.rename(fs.join(base, id), trash);
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
    await removeTrash(fs, trash).catch((error) => {
      logger.warn(`Could not remove ${trash}: ${describeError(error)}`);
    });
    return true;
  };
  const sweepOnce = async (nowMs) => {
    const base = await root();
    lastSweep = clock();
    let removed = 0;
    const leftovers = [];
    for (const entry of await fs.readdir(base, { withFileTypes: true })) {
      const name = entry.name;
      try {
        if (OWN_TRASH.test(name)) {
          await removeTrash(fs, fs.join(base, name));
          leftovers.push(name);
        } else if (OWN_STAGING.test(name)) {
          const info = await fs.stat(fs.join(base, name));
          if (nowMs - info.mtimeMs > STALE_STAGING_MS) {
            await fs.rm(fs.join(base, name), { recursive: true, force: true });
            leftovers.push(name);
          }
        } else if (isValidSessionId(name) && entry.isDirectory()) {
          const expiresAt = await readExpiry(fs.join(base, name));
          if (expiresAt !== void 0 && nowMs > expiresAt && await remove(base, name)) removed++;
        }
      } catch (error) {
        if (!isAbsent(error)) logger.warn(`Session sweep skipped ${name}: ${describeError(error)}`);
      }
    }
    if (removed > 0 || leftovers.length > 0) {
      const parts = [`${removed} expired session${removed === 1 ? "" : "s"}`];
      if (leftovers.length > 0) parts.push(`leftovers of interrupted writes: ${leftovers.join(", ")}`);
      logger.info(`Session sweep in ${base} removed ${parts.join("; ")}`);
    }
    return removed;
  };
  const backgroundSweep = () => {
    sweeping ??= sweepOnce(clock()).catch((error) => {
      logger.warn(`Session sweep failed: ${describeError(error)}`);
      return 0;
    }).finally(() => {
      sweeping = void 0;
    });
  };
  const createIn = async (base, ttlSeconds, nowMs) => {
    const expiresAt = expiryFrom(nowMs, ttlSeconds);
    for (let attempt = 0; ; attempt++) {
      const id = newSessionId();
      const staging = fs.join(base, `${STAGING}${newSessionId()}`);
      await fs.mkdir(staging, { mode: 448 });
      try {
        await fs.writeFile(fs.join(staging, EXPIRY_FILE), JSON.stringify(expiresAt / 1e3), { mode: 384, flag: "wx" });
        await fs.rename(staging, fs.join(base, id));
        return { id, expiresAt: new Date(expiresAt) };
      } catch (error) {
        await fs.rm(staging, { recursive: true, force: true }).catch(() => void 0);
        if (attempt < 3 && COLLISION.has(codeOf(error) ?? "")) continue;
        throw error;
      }
    }
  };
  const activeDir = async (id, key, now) => {
    assertSessionKey(key);
    if (!isValidSessionId(id)) throw new SessionNotFoundError(String(id));
    const dir = fs.join(await root(), id);
    const expiresAt = await readExpiry(dir);
    if (expiresAt === void 0 || (now ? now.getTime() : clock()) > expiresAt) throw new SessionNotFoundError(id);
    return dir;
  };
  return {
    async create({ ttlSeconds, now }) {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const nowMs = now ? now.getTime() : clock();
      const base = await root();
      if (sweepIntervalMs > 0 && clock() - lastSweep >= sweepIntervalMs) backgroundSweep();
      try {
        return await createIn(base, ttlSeconds, nowMs);
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw error;
        await ensureDir(fs, base);
        return createIn(base, ttlSeconds, nowMs);
      }
    },
    async lookup(id, now) {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const expiresAt = await readExpiry(fs.join(await root(), id));
      if (expiresAt === void 0) return { state: "unknown" };
      if ((now ? now.getTime() : clock()) > expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(expiresAt) };
    },
    async delete(id) {
      if (!isValidSessionId(id)) return false;
      return remove(await root(), id);
    },
    async sweep(now) {
      return sweepOnce(now ? now.getTime() : clock());
    },
    async getValue(id, key, now) {
      const dir = await activeDir(id, key, now);
      let text;
      try {
        text = await fs.readFile(fs.join(dir, await keyFileName(key)), "utf8");
      } catch (error) {
        if (!isAbsent(error)) throw error;
        await activeDir(id, key, now);
        return void 0;
      }
      try {
        return JSON.parse(text);
      } catch {
        logger.warn(`Session ${id}: the value of a key is not JSON; treated as never put`);
        return void 0;
      }
    },
    async putValue(id, key, value2, now) {
      const text = serializeSessionValue(value2);
      const dir = await activeDir(id, key, now);
      const temp = fs.join(dir, `${TEMP_VALUE}${newSessionId()}`);
      try {
        await fs.writeFile(temp, text, { mode: 384, flag: "wx" });
        await fs.rename(temp, fs.join(dir, await keyFileName(key)));
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => void 0);
        if (isAbsent(error)) throw new SessionNotFoundError(id);
        throw error;
      }
    },
    async deleteValue(id, key, now) {
      const dir = await activeDir(id, key, now);
      try {
        await fs.unlink(fs.join(dir, await keyFileName(key)));
        return true;
      } catch (error) {
        if (!isAbsent(error)) throw error;
        await activeDir(id, key, now);
        return false;
      }
    },
    async close() {
      closed = true;
      if (timer !== void 0) clearInterval(timer);
      timer = void 0;
      await sweeping;
    }
  };
}
async function removeTrash(fs, trash) {
  try {
    await fs.unlink(fs.join(trash, EXPIRY_FILE)).catch((error) => {
      if (codeOf(error) !== "ENOENT") throw error;
    });
    await fs.rmdir(trash);
  } catch {
    await fs.rm(trash, { recursive: true, force: true });
  }
}
async function ensureDir(fs, dir) {
  await fs.mkdir(dir, { recursive: true, mode: 448 });
  await fs.access(dir, R_OK | W_OK | X_OK);
}
var warnedRoots = /* @__PURE__ */ new Set();
async function prepareRoot(fs, dir, logger) {
  const existed = await fs.stat(dir).then(
    () => true,
    () => false
  );
  await ensureDir(fs, dir);
  const mode = (await fs.stat(dir)).mode & 511;
  if (!existed) {
    if (mode !== 448) await fs.chmod(dir, 448);
  } else if ((mode & 63) !== 0 && !warnedRoots.has(dir)) {
    warnedRoots.add(dir);
    logger.warn(
      `Sessions root ${dir} is open to other users (mode ${mode.toString(8).padStart(4, "0")}): session ids are bearer tokens; restrict it with chmod 700 ${dir}`
    );
  }
  return dir;
}
var SHM = "/dev/shm";
var DIR_NAME = "sagemaker_sessions";
async function resolveRoot(fs, options, logger) {
  if (options.path !== void 0) return prepareRoot(fs, fs.resolve(options.path), logger);
  const env = options.env ?? globalThis.process?.env ?? {};
  const configured = env.SAGEMAKER_SESSIONS_PATH;
  const fallback = fs.join(fs.tmpdir(), DIR_NAME);
  if (configured !== void 0) {
    try {
      if (configured === "") throw new Error("SAGEMAKER_SESSIONS_PATH is empty");
      return await prepareRoot(fs, fs.resolve(configured), logger);
    } catch (error) {
      logger.warn(`Failed to initialize sessions at '${configured}': ${describeError(error)}. Falling back to temp directory ${fallback}`);
    }
  } else {
    try {
      await fs.access(SHM, R_OK | W_OK);
      const dir = await prepareRoot(fs, fs.join(SHM, DIR_NAME), logger);
      logger.info(`Sessions path not configured, using shared memory: ${dir}`);
      return dir;
    } catch {
      logger.info(`Sessions path not configured and ${SHM} is not writable, using temp directory: ${fallback}`);
    }
  }
  return prepareRoot(fs, fallback, logger);
}

// src/host-apis.ts
function hostModule(id) {
  const g = globalThis;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return void 0;
  const process = g.process;
  if (typeof process?.getBuiltinModule !== "function") return void 0;
  try {
    return process.getBuiltinModule.call(process, id);
  } catch {
    return void 0;
  }
}
function hostFileSystem() {
  const fs = hostModule("node:fs/promises");
  const path = hostModule("node:path");
  const os = hostModule("node:os");
  if (!fs?.rename || !fs.chmod || !path?.join || !path.resolve || !os?.tmpdir) return void 0;
  const { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } = fs;
  return { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile, join: path.join, resolve: path.resolve, tmpdir: os.tmpdir };
}
function hostFileKind() {
  const fs = hostModule("node:fs/promises");
  const stat = fs?.stat;
  if (!stat) return void 0;
  return async (path) => {
    try {
      return (await stat(path)).isFile() ? "file" : "not a file";
    } catch {
      return "missing";
    }
  };
}
function hostModelDirResolver() {
  const module = hostModule("node:module");
  const url = hostModule("node:url");
  const path = hostModule("node:path");
  if (!module?.createRequire || !url?.pathToFileURL || !path?.join || !path.isAbsolute) return void 0;
  const { createRequire } = module;
  const { pathToFileURL } = url;
  const { join, isAbsolute } = path;
  return (specifier, modelPath) => {
    try {
      const resolved = createRequire(join(modelPath, "noop.js")).resolve(specifier);
      return isAbsolute(resolved) ? pathToFileURL(resolved).href : void 0;
    } catch {
      return void 0;
    }
  };
}

// src/platform.ts
function genericPlatform() {
  const g = globalThis;
  const fileKind = hostFileKind();
  const resolveFromModelDir = hostModelDirResolver();
  return {
    name: "generic",
    ...fileKind ? { fileKind } : {},
    ...resolveFromModelDir ? { resolveFromModelDir } : {},
    readEnv() {
      try {
        if (g.Deno?.env) return g.Deno.env.toObject();
      } catch {
      }
      return g.process?.env ?? {};
    },
    cwd() {
      try {
        return g.Deno?.cwd?.() ?? g.process?.cwd?.() ?? "/";
      } catch {
        return "/";
      }
    },
    runsTypeScript: g.Bun !== void 0 || g.Deno !== void 0 || Boolean(g.process?.features?.typescript),
    // A handler from the core entry served by toNodeListener, `bun run` or `deno serve` shares the file
    // store with the other processes, as one from a runtime entry does (looked up when first needed).
    createSessionStore: (options) => {
      const fs = hostFileSystem();
      return fs ? createFileStoreOn(fs, options) : void 0;
    }
  };
}

// src/wrapped-handler.ts
var kPrepare = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.prepare");
async function prepareHandler(handler, setup) {
  const prepare = handler[kPrepare];
  return prepare ? await prepare(setup) : handler;
}
function defineWrappedHandler(prepare) {
  let standalone;
  const handler = async (request, context) => {
    standalone ??= Promise.resolve(prepare(standaloneSetup(context)));
    return (await standalone)(request, context);
  };
  handler[kPrepare] = prepare;
  return handler;
}
function standaloneSetup(context) {
  const values = /* @__PURE__ */ new Map();
  return {
    env: context.env ?? {},
    logger: context.logger ?? createConsoleLogger(),
    platform: genericPlatform(),
    role: "invocations",
    config: {},
    engineSessions: {},
    shared(key, create) {
      if (!values.has(key)) values.set(key, create());
      return values.get(key);
    },
    onClose() {
    }
  };
}

// src/handler.ts
var UNAVAILABLE_HEADERS = { "content-type": "application/json" };
function createSageMakerHandler(config = {}) {
  return createHandlerOn(config, void 0);
}
function createHandlerOn(config, platform) {
  let starting;
  let pipeline;
  let logger = isLogger(config.logger) ? config.logger : createConsoleLogger();
  let shutdown;
  const closers = [];
  const start = () => starting ??= initialise(config, platform ?? genericPlatform(), (shutdown ??= new AbortController()).signal, closers).then(
    (ready) => {
      logger = ready.logger;
      pipeline = ready.pipeline;
      return ready.pipeline;
    },
    (error) => {
      logger.error(`SageMaker handler failed to start: ${describeError(error)}`);
      throw error;
    }
  );
  const answerNow = (request) => {
    if (!pipeline) {
      return start().then(
        (ready) => ready(request),
        // HEAD gets the status and headers alone, as every other answer.
        () => asksHead(request) ? new Response(null, { status: 503, headers: UNAVAILABLE_HEADERS }) : jsonResponse({ detail: "Service Unavailable" }, 503)
      ).catch((error) => lastResort(error, logger, asksHead(request)));
    }
    try {
      return pipeline(request);
    } catch (error) {
      return lastResort(error, logger, asksHead(request));
    }
  };
  const handler = {
    fetch(request) {
      const answer = answerNow(request);
      return isThenable(answer) ? answer : Promise.resolve(answer);
    },
    [ANSWER_NOW]: answerNow,
    async ready() {
      await start();
    },
    async close() {
      shutdown?.abort(new DOMException("The server is shutting down.", "AbortError"));
      await starting?.catch(() => void 0);
      const pending = closers.splice(0).reverse();
      for (const close of pending) await close();
    }
  };
  return handler;
}
async function initialise(rawConfig, platform, shutdownSignal, closers) {
  const config = validateConfig(rawConfig);
  const env = config.env ?? platform.readEnv();
  const settings = resolveSettingsFor(env, config);
  const logLevel = settings.logLevel;
  const logger = withLevel(config.logger ?? createConsoleLogger(), logLevel);
  logger.info("Starting SageMaker bootstrap process");
  const { maxRequestBytes } = checkHostingModes(env, settings, config);
  const importModule = config.importModule ?? ((specifier) => import(
    /* @vite-ignore */
    specifier
  ));
  const code = new CustomerCode(env, platform, importModule);
  const fallback = config.fallback;
  const defaultFallback = fallback ?? (() => jsonResponse({ detail: "Not Found" }, 404));
  if (Boolean(config.createSession) !== Boolean(config.closeSession)) {
    const missing = config.createSession ? "closeSession" : "createSession";
    throw new SageMakerConfigError(
      `Engine-native sessions need both config.createSession and config.closeSession; config.${missing} is missing`,
      { key: `config.${missing}` }
    );
  }
  const ping = await resolveHandler("ping", env, code, config, defaultFallback);
  const invocations = await resolveHandler("invocations", env, code, config, defaultFallback);
  const customer = await resolveMiddlewares(env, code, logger);
  const shared = /* @__PURE__ */ new Map();
  const engineSessions = {};
  const setupFor = (role) => ({
    env,
    logger,
    platform,
    role,
    config,
    engineSessions,
    shared(key, create) {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key);
    },
    onClose(close) {
      closers.push(close);
    }
  });
  const prepare = async (role, handler) => handler ? prepareHandler(handler, setupFor(role)) : void 0;
  const createSession = await prepare("createSession", config.createSession);
  const closeSession = await prepare("closeSession", config.closeSession);
  if (createSession) engineSessions.create = createSession;
  if (closeSession) engineSessions.close = closeSession;
  const routes = {};
  const mount = async (key, handler) => {
    const prepared = await prepare(key, handler);
    if (prepared) routes[key] = prepared;
  };
  await mount("ping", ping?.handler);
  await mount("invocations", invocations?.handler);
  await mount("loadAdapter", config.loadAdapter);
  await mount("unloadAdapter", config.unloadAdapter);
  const modelAware = mountHostingModes(routes, {
    config,
    env,
    logger,
    platform,
    importModule,
    prepare: async (handler) => await prepare("invocations", handler),
    onClose: (close) => void closers.push(close)
  });
  if (ping) logger.info(`[PING] handler: ${ping.source}`);
  if (invocations) logger.info(`[INVOKE] handler: ${invocations.source}`);
  for (const resolved of [ping, invocations]) {
    if (resolved?.routed && !fallback) logger.warn(`${resolved.source}: there is no config.fallback, so it answers 404`);
  }
  const prePost = modelAware(customer.prePost);
  const middlewares = [
    ...customer.throttle ? [customer.throttle] : [],
    ...config.middlewares ?? [],
    ...prePost ? [prePost] : []
  ];
  const pipeline = createPipeline({
    routes,
    middlewares,
    fallback,
    maxRequestBytes,
    env,
    logger,
    debug: logLevel <= DEBUG_LEVEL,
    errorFormatter: config.errorFormatter,
    shutdownSignal
  });
  logger.info("SageMaker bootstrap completed successfully");
  return { pipeline, logger };
}

// src/transforms/request-view.ts
var SAGEMAKER_HEADER = /^x-amzn-sagemaker-/;
function buildRequestView({ request, body, pathParams }) {
  return createView({
    // MHCS: a dict is used as is, anything else (list, str, None) is null.
    body: isJsonObject(body) ? toViewJson(body) : null,
    headers: headerView(request.headers),
    query_params: queryView(request.url),
    path_params: copyRecord(pathParams ?? {})
  });
}
function createView(values) {
  return Object.assign(/* @__PURE__ */ Object.create(null), values);
}
function headerView(headers) {
  const target = /* @__PURE__ */ Object.create(null);
  headers.forEach((value2, name) => {
    target[name] = SAGEMAKER_HEADER.test(name) ? firstValue(value2) : value2;
  });
  return new Proxy(target, {
    get: (object2, key) => typeof key === "string" ? object2[key.toLowerCase()] : void 0,
    has: (object2, key) => typeof key === "string" && key.toLowerCase() in object2,
    getOwnPropertyDescriptor: (object2, key) => typeof key === "string" ? Object.getOwnPropertyDescriptor(object2, key.toLowerCase()) : void 0,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false
  });
}
function firstValue(value2) {
  const comma = value2.indexOf(",");
  return comma === -1 ? value2 : value2.slice(0, comma).trim();
}
function queryView(url) {
  const out = /* @__PURE__ */ Object.create(null);
  const query = url.indexOf("?");
  if (query === -1) return out;
  const hash = url.indexOf("#", query);
  for (const [key, value2] of new URLSearchParams(url.slice(query + 1, hash === -1 ? void 0 : hash))) out[key] = value2;
  return out;
}
function copyRecord(record2) {
  const out = /* @__PURE__ */ Object.create(null);
  for (const key of Object.keys(record2)) out[key] = record2[key];
  return out;
}
function toViewJson(value2) {
  if (value2 === null || value2 === void 0) return null;
  if (typeof value2 !== "object") return isJsonPrimitive(value2) ? value2 : null;
  if (Array.isArray(value2)) return value2.map(toViewJson);
  const out = /* @__PURE__ */ Object.create(null);
  for (const key of Object.keys(value2)) out[key] = toViewJson(value2[key]);
  return out;
}
function toPlainJson(value2) {
  if (value2 === null || value2 === void 0) return null;
  if (typeof value2 !== "object") return isJsonPrimitive(value2) ? value2 : null;
  if (Array.isArray(value2)) return value2.map(toPlainJson);
  const out = {};
  for (const key of Object.keys(value2)) {
    Object.defineProperty(out, key, {
      value: toPlainJson(value2[key]),
      writable: true,
      enumerable: true,
      configurable: true
    });
  }
  return out;
}
function isJsonPrimitive(value2) {
  return typeof value2 === "string" || typeof value2 === "boolean" || typeof value2 === "number" && Number.isFinite(value2);
}

// src/lora/constants.ts
var ADAPTER_IDENTIFIER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";
var ADAPTER_ALIAS_HEADER = "X-Amzn-SageMaker-Adapter-Alias";
var MAX_ADAPTER_NAME_LENGTH = 256;

// src/lora/adapter-name.ts
function hasControl(text) {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code >= 127 && code <= 159) return true;
  }
  return false;
}
function adapterNameProblem(name) {
  if (name.trim() === "") return "cannot be blank";
  if (name.includes("/")) return "cannot contain '/'";
  if (name === "." || name === "..") return "cannot be '.' or '..'";
  if (hasControl(name)) return "cannot contain control characters";
  if ([...name].length > MAX_ADAPTER_NAME_LENGTH) return `cannot be longer than ${MAX_ADAPTER_NAME_LENGTH} characters`;
  return void 0;
}
function adapterIdentifierProblem(id) {
  if (hasControl(id)) return "cannot contain control characters";
  if ([...id].length > MAX_ADAPTER_NAME_LENGTH) return `cannot be longer than ${MAX_ADAPTER_NAME_LENGTH} characters`;
  return void 0;
}
function headerValue(headers, name) {
  const raw = headers?.get(name);
  if (raw === null || raw === void 0) return void 0;
  const value2 = firstValue(raw);
  return value2 === "" ? void 0 : value2;
}
function adapterAlias(headers) {
  return headerValue(headers, ADAPTER_ALIAS_HEADER);
}
function adapterIdentifier(headers) {
  return headerValue(headers, ADAPTER_IDENTIFIER_HEADER);
}

// src/lora/inject-adapter-id.ts
var OPTION_KEYS = /* @__PURE__ */ new Set(["append", "separator"]);
function injectAdapterId(path, options = {}) {
  const { segments, append, separator } = checkArguments(path, options);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`injectAdapterId(...) must wrap a handler function, got ${typeof handler}`, { key: "injectAdapterId(...)" });
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      return readsBodyThroughKit(async (request, context) => {
        const id = adapterIdentifier(request.headers);
        if (id === void 0) return inner(forward(request, inner), context);
        const problem = adapterIdentifierProblem(id);
        if (problem) throw new HttpError(400, `Invalid ${ADAPTER_IDENTIFIER_HEADER} header: the value ${problem}`);
        const body = await requireJson(request);
        if (!isJsonObject(body)) {
          throw new HttpError(400, `The request body must be a JSON object to inject the adapter id, got ${jsonKind(body)}`);
        }
        const value2 = append ? appended(body, segments, separator, id) : id;
        if (!setAtPath(body, segments, value2)) throw notAnObject(body, segments);
        return inner(forwardJson(request, body), context);
      });
    });
  };
}
function checkArguments(path, options) {
  if (!path) throw new SageMakerConfigError("injectAdapterId: adapter_path cannot be empty", { key: "injectAdapterId.adapter_path" });
  if (typeof path !== "string") throw new SageMakerConfigError("injectAdapterId: adapter_path must be a string", { key: "injectAdapterId.adapter_path" });
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("injectAdapterId: options must be an object", { key: "injectAdapterId.options" });
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new SageMakerConfigError(`injectAdapterId: unknown option '${key}'`, { key: `injectAdapterId.${key}` });
  }
  const { append, separator } = options;
  if (append && (separator === void 0 || separator === null)) {
    throw new SageMakerConfigError("injectAdapterId: separator must be provided when append=True", { key: "injectAdapterId.separator" });
  }
  if (separator && !append) {
    throw new SageMakerConfigError(`injectAdapterId: separator is specified ${String(separator)} but append=False`, { key: "injectAdapterId.separator" });
  }
  if (append && typeof separator !== "string") throw new SageMakerConfigError("injectAdapterId: separator must be a string", { key: "injectAdapterId.separator" });
  try {
    return { segments: parseDotPath(path), append: Boolean(append), separator: separator ?? "" };
  } catch (error) {
    throw new SageMakerConfigError(`injectAdapterId: adapter_path ${error.message.replace(/^path /, "")}`, { key: "injectAdapterId.adapter_path" });
  }
}
function appended(body, segments, separator, id) {
  const existing = getAtPath(body, segments);
  if (existing === void 0 || existing === null) return id;
  if (typeof existing === "object") {
    throw new HttpError(400, `Cannot append the adapter id to '${segments.join(".")}': it holds ${jsonKind(existing)}, not a string`);
  }
  return `${String(existing)}${separator}${id}`;
}
function notAnObject(body, segments) {
  let end = 1;
  while (end < segments.length && isJsonObject(getAtPath(body, segments.slice(0, end)))) end++;
  const parent = segments.slice(0, end).join(".");
  return new HttpError(400, `Cannot inject the adapter id at '${segments.join(".")}': '${parent}' is not a JSON object`);
}
function jsonKind(value2) {
  if (value2 === null) return "null";
  if (Array.isArray(value2)) return "an array";
  return typeof value2 === "object" ? "an object" : `a ${typeof value2}`;
}

// src/transforms/defaults.ts
var NAMES = ["load_adapter", "unload_adapter", "create_session", "close_session"];
function transformDefaultsVariable(name) {
  return `SAGEMAKER_TRANSFORMS_${name.toUpperCase()}_DEFAULTS`;
}
function readTransformDefaults(env) {
  const out = {};
  for (const name of NAMES) out[name] = parseDefaults(env, transformDefaultsVariable(name));
  return out;
}
function parseDefaults(env, variable) {
  const raw = env[variable];
  if (raw === void 0 || raw.trim() === "") return {};
  const parsed = parseJson(raw);
  if (!parsed.ok) throw new SageMakerConfigError(`${variable} is not valid JSON: ${parsed.message}`, { code: "INVALID_ENV", variable });
  const value2 = parsed.value;
  if (!isJsonObject(value2)) {
    throw new SageMakerConfigError(`${variable} must be a JSON object of { "targetPath": value }, got ${JSON.stringify(value2)}`, {
      code: "INVALID_ENV",
      variable
    });
  }
  return value2;
}
var NO_DEFAULTS = { body: [], headers: [] };
function compileDefaults(values, where) {
  const body = [];
  const headers = [];
  for (const key of Object.keys(values)) {
    const value2 = values[key];
    const [head, ...rest] = key.split(".");
    if (head === "headers" && rest.length > 0) {
      const name = unquote(rest.join("."));
      if (typeof value2 === "object" || !isHeaderName(name)) {
        throw new SageMakerConfigError(`Invalid ${where} key '${key}': a header default needs a header name and a string value`, { code: "INVALID_ENV", variable: where, key });
      }
      headers.push([name, String(value2)]);
      continue;
    }
    if (head === "query_params" || head === "path_params") {
      throw new SageMakerConfigError(`Invalid ${where} key '${key}': only body and headers defaults are supported`, { code: "INVALID_ENV", variable: where, key });
    }
    const target = head === "body" && rest.length > 0 ? rest.join(".") : key;
    try {
      body.push({ path: parseDotPath(target).map(unquote), value: value2 });
    } catch (error) {
      throw new SageMakerConfigError(`Invalid ${where} key '${key}': ${error.message}`, { code: "INVALID_ENV", variable: where, key });
    }
  }
  return { body, headers };
}
function checkDefaultsFit(defaults, targets, where) {
  for (const { path, value: value2 } of defaults.body) {
    if (isJsonObject(value2)) continue;
    for (const target of targets) {
      if (target.length > path.length && path.every((segment, i) => target[i] === segment)) {
        throw new SageMakerConfigError(
          `Invalid ${where} key '${path.join(".")}': it holds a value where the shape writes '${target.join(".")}'`,
          { code: "INVALID_ENV", variable: where, key: path.join(".") }
        );
      }
    }
  }
}
function applyBodyDefaults(defaults) {
  const out = {};
  for (const { path, value: value2 } of defaults.body) setAtPath(out, path, toPlainJson(value2));
  return out;
}
function unquote(segment) {
  return segment.length >= 2 && segment.startsWith('"') && segment.endsWith('"') ? segment.slice(1, -1) : segment;
}
function isHeaderName(name) {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}

// src/transforms/expression.ts
import { TreeInterpreter, compile } from "@jmespath-community/jmespath";
var TransformEvaluationError = class extends Error {
  where;
  constructor(where, cause) {
    super(`${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.where = where;
  }
  get name() {
    return "TransformEvaluationError";
  }
};
var PYTHON_FUNCTIONS = /* @__PURE__ */ new Set([
  "abs",
  "avg",
  "ceil",
  "contains",
  "ends_with",
  "floor",
  "join",
  "keys",
  "length",
  "map",
  "max",
  "max_by",
  "merge",
  "min",
  "min_by",
  "not_null",
  "reverse",
  "sort",
  "sort_by",
  "starts_with",
  "sum",
  "to_array",
  "to_number",
  "to_string",
  "type",
  "values"
]);
var QUOTE_HINT = 'quote names that contain "-", e.g. headers."X-Amzn-SageMaker-Adapter-Identifier"';
function unportable(node) {
  switch (node.type) {
    case "Arithmetic":
    case "Unary":
      return `arithmetic is not JMESPath as MHCS understands it; ${QUOTE_HINT}`;
    case "Root":
      return "the `$` root reference is not supported; start from body, headers, query_params or path_params";
    case "LetExpression":
    case "Binding":
    case "Variable":
      return "`let` expressions and `$variables` are not supported";
    case "Ternary":
      return "the `? :` conditional is not supported; use `a && b || c`";
    case "Function":
      return PYTHON_FUNCTIONS.has(node.name) ? void 0 : `unknown function ${node.name}()`;
    default:
      return void 0;
  }
}
function findUnportable(node) {
  const problem = unportable(node);
  if (problem) return problem;
  for (const child of childrenOf(node)) {
    const found = findUnportable(child);
    if (found) return found;
  }
  return void 0;
}
function childrenOf(node) {
  const out = [];
  for (const value2 of Object.values(node)) {
    if (Array.isArray(value2)) {
      for (const item of value2) if (isNode(item)) out.push(item);
    } else if (isNode(value2)) {
      out.push(value2);
    }
  }
  return out;
}
function isNode(value2) {
  return typeof value2 === "object" && value2 !== null && typeof value2.type === "string";
}
function compileExpression(source, where) {
  if (typeof source !== "string") {
    throw new SageMakerConfigError(`Invalid ${where}: expected a JMESPath string or a nested shape object, got ${describe2(source)}`, { key: where });
  }
  let ast;
  try {
    ast = compile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /JSON literal/.test(message) ? "; backtick literals must be JSON: write 'text' or `\"text\"` for a string" : "";
    throw new SageMakerConfigError(`Invalid ${where}: '${source}' is not a valid JMESPath expression: ${message}${hint}`, {
      key: where,
      cause: error
    });
  }
  const problem = findUnportable(ast);
  if (problem) throw new SageMakerConfigError(`Invalid ${where}: '${source}': ${problem}`, { key: where });
  return { kind: "expression", source, where, ast };
}
function evaluateExpression(expression, view) {
  let result;
  try {
    result = TreeInterpreter.search(expression.ast, view);
  } catch (error) {
    throw new TransformEvaluationError(expression.where, error);
  }
  return toPlainJson(result);
}
function describe2(value2) {
  if (value2 === null) return "null";
  if (Array.isArray(value2)) return "an array";
  return typeof value2 === "object" ? "an object" : `${typeof value2} ${String(value2)}`;
}

// src/transforms/shape.ts
function compileShape(shape, where) {
  const compiled = compileObject(shape, where);
  checkTargets(compiled, [], /* @__PURE__ */ new Map());
  return compiled;
}
function compileObject(shape, where) {
  if (!isJsonObject(shape) || !isPlainPrototype(shape)) {
    throw new SageMakerConfigError(`Invalid ${where}: expected an object of { targetPath: "jmespath expression" }`, { key: where });
  }
  const entries = [];
  for (const key of Object.keys(shape)) {
    const at = `${where}.${key}`;
    let path;
    try {
      path = parseDotPath(key);
    } catch (error) {
      throw new SageMakerConfigError(`Invalid ${at}: the target ${error.message}`, { key: at });
    }
    const raw = shape[key];
    const value2 = isJsonObject(raw) ? compileObject(raw, at) : compileExpression(raw, at);
    entries.push({ key, path, value: value2 });
  }
  return { kind: "shape", where, entries };
}
function isPlainPrototype(value2) {
  const proto = Object.getPrototypeOf(value2);
  return proto === Object.prototype || proto === null;
}
function checkTargets(shape, prefix, seen) {
  for (const entry of shape.entries) {
    const full = [...prefix, ...entry.path];
    if (entry.value.kind === "shape") {
      checkTargets(entry.value, full, seen);
      continue;
    }
    const where = entry.value.where;
    for (const [other, otherWhere] of seen) {
      const a = full.join("\0");
      if (other === a || other.startsWith(`${a}\0`) || a.startsWith(`${other}\0`)) {
        throw new SageMakerConfigError(`Invalid ${where}: its target overlaps ${otherWhere}`, { key: where });
      }
    }
    seen.set(full.join("\0"), where);
  }
}
function evaluateShape(shape, view, options = {}) {
  const out = options.into ?? {};
  fill(out, shape, view);
  return out;
}
function fill(target, shape, view) {
  for (const entry of shape.entries) {
    if (entry.value.kind === "shape") {
      let child = getAtPath(target, entry.path);
      if (!isJsonObject(child)) {
        child = {};
        setAtPath(target, entry.path, child);
      }
      fill(child, entry.value, view);
      continue;
    }
    const value2 = evaluateExpression(entry.value, view);
    if (value2 === null && getAtPath(target, entry.path) !== void 0) continue;
    setAtPath(target, entry.path, value2);
  }
}
function shapeTargets(shape, prefix = []) {
  const out = [];
  for (const entry of shape.entries) {
    const full = [...prefix, ...entry.path];
    if (entry.value.kind === "shape") out.push(...shapeTargets(entry.value, full));
    else out.push(full);
  }
  return out;
}
function isAbsentShape(shape) {
  return shape === null || shape === void 0 || isJsonObject(shape) && Object.keys(shape).length === 0;
}

// src/transforms/response.ts
var JSON_TYPE2 = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
function isJsonResponse(response) {
  return JSON_TYPE2.test(response.headers.get("content-type") ?? "");
}
async function shapeResponse(response, shape) {
  if (response.status < 200 || response.status > 299 || response.body === null || !isJsonResponse(response)) return response;
  const text = await response.text();
  const parsed = parseJson(text);
  const init = { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) };
  init.headers.delete("content-length");
  if (!parsed.ok) return textAnswer(text, init);
  const view = createView({ body: toViewJson(parsed.value), headers: headerView(response.headers), status_code: response.status });
  let shaped;
  try {
    shaped = evaluateShape(shape, view);
  } catch (error) {
    if (error instanceof TransformEvaluationError) throw new HttpError(500, `Could not apply ${error.message}`, { cause: error });
    throw error;
  }
  return textAnswer(JSON.stringify(shaped), init);
}

// src/transforms/create-transform.ts
var OPTION_KEYS2 = /* @__PURE__ */ new Set(["requestShape", "responseShape", "defaults", "name"]);
var DEFAULT_NAMES = /* @__PURE__ */ new Set(["load_adapter", "unload_adapter", "create_session", "close_session"]);
var SHARED_DEFAULTS_KEY = "transforms.defaults";
function createTransform(options = {}) {
  const name = checkOptions(options);
  const request = options.requestShape == null ? void 0 : compileShape(options.requestShape, `${name}.requestShape`);
  const response = isAbsentShape(options.responseShape) ? void 0 : compileShape(options.responseShape, `${name}.responseShape`);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`${name}(...) must wrap a handler function, got ${typeof handler}`, { key: `${name}(...)` });
    if (!request && !response) return handler;
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = request && options.defaults ? resolveEnvDefaults(setup, options.defaults, request) : NO_DEFAULTS;
      return readsBodyThroughKit(async (incoming, context) => {
        let forwarded;
        if (!request) forwarded = forward(incoming, inner);
        else {
          const parsed = await bodyJson(incoming);
          const view = buildRequestView({ request: incoming, body: parsed?.ok ? parsed.value : void 0, pathParams: context.params });
          forwarded = forwardShaped(incoming, context, evaluateRequestShape(request, view, defaults), defaults);
        }
        const result = await inner(forwarded, context);
        return response ? shapeResponse(toResponse(result), response) : result;
      });
    });
  };
}
function checkOptions(options) {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("createTransform expects an options object", { key: "createTransform" });
  const name = options.name ?? "createTransform";
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS2.has(key)) throw new SageMakerConfigError(`Invalid ${name} option '${key}'`, { key: `${name}.${key}` });
  }
  if (options.defaults !== void 0 && !DEFAULT_NAMES.has(options.defaults)) {
    throw new SageMakerConfigError(`Invalid ${name}.defaults: expected one of ${[...DEFAULT_NAMES].join(", ")}`, { key: `${name}.defaults` });
  }
  return name;
}
function resolveEnvDefaults(setup, name, shape) {
  const all = setup.shared(SHARED_DEFAULTS_KEY, () => readTransformDefaults(setup.env));
  const variable = transformDefaultsVariable(name);
  const compiled = compileDefaults(all[name], variable);
  checkDefaultsFit(compiled, shapeTargets(shape), variable);
  return compiled;
}
function evaluateRequestShape(shape, view, defaults = NO_DEFAULTS) {
  try {
    return evaluateShape(shape, view, { into: applyBodyDefaults(defaults) });
  } catch (error) {
    if (error instanceof TransformEvaluationError) {
      throw new HttpError(400, `Could not apply ${error.message}`, { cause: error });
    }
    throw error;
  }
}
function forwardShaped(request, context, data, defaults = NO_DEFAULTS) {
  context.transformed = data;
  if (request.method === "GET" || request.method === "HEAD") return request;
  const forwarded = forwardJson(request, data, "application/json");
  for (const [header, value2] of defaults.headers) {
    if (!forwarded.headers.has(header)) forwarded.headers.set(header, value2);
  }
  return forwarded;
}

// src/lora/adapter-request.ts
var MODEL = "SageMakerRegisterLoRAAdapterRequest";
var TRUE = /* @__PURE__ */ new Set(["1", "on", "t", "true", "y", "yes"]);
var FALSE = /* @__PURE__ */ new Set(["0", "off", "f", "false", "n", "no"]);
async function readRegistrationInput(request) {
  const parsed = await bodyJson(request);
  return parsed?.ok ? parsed.value : queryView(request.url);
}
function validateRegistration(input) {
  if (!isJsonObject(input)) {
    return {
      ok: false,
      issues: [{ type: "model_type", loc: [], msg: `Input should be a valid dictionary or instance of ${MODEL}`, ctx: { class_name: MODEL } }]
    };
  }
  const issues = [];
  const name = requiredString(input, "name", issues);
  const src = requiredString(input, "src", issues);
  const preload = laxBool(input, "preload", true, issues);
  const pin = laxBool(input, "pin", false, issues);
  if (name !== void 0) {
    const problem = adapterNameProblem(name);
    if (problem) issues.unshift(valueError("name", `The parameter name ${problem}`));
  }
  if (issues.length > 0 || name === void 0 || src === void 0) return { ok: false, issues };
  return { ok: true, value: { name, src, preload, pin } };
}
function own(input, key) {
  return Object.hasOwn(input, key) ? input[key] : void 0;
}
function requiredString(input, field, issues) {
  const value2 = own(input, field);
  if (value2 === void 0) {
    issues.push({ type: "missing", loc: [field], msg: "Field required" });
    return void 0;
  }
  if (value2 === "") {
    issues.push(valueError(field, `The parameter ${field} cannot be an empty string`));
    return void 0;
  }
  if (typeof value2 !== "string") {
    issues.push({ type: "string_type", loc: [field], msg: "Input should be a valid string" });
    return void 0;
  }
  return value2;
}
function valueError(field, error) {
  return { type: "value_error", loc: [field], msg: `Value error, ${error}`, ctx: { error } };
}
function laxBool(input, field, fallback, issues) {
  const value2 = own(input, field);
  if (value2 === void 0) return fallback;
  if (typeof value2 === "boolean") return value2;
  if (value2 === 0 || value2 === 1) return value2 === 1;
  if (typeof value2 === "string") {
    const lower = value2.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  if (typeof value2 === "string" || typeof value2 === "number" && Number.isInteger(value2)) {
    issues.push({ type: "bool_parsing", loc: [field], msg: "Input should be a valid boolean, unable to interpret input" });
  } else {
    issues.push({ type: "bool_type", loc: [field], msg: "Input should be a valid boolean" });
  }
  return fallback;
}

// src/lora/adapter-response.ts
async function respondAdapterResult(response, message, withBody2) {
  if (response.status < 200 || response.status > 299) return response;
  const peeked = await peekEmpty(response);
  if (!peeked.empty) return withBody2(peeked.response);
  const headers = new Headers(response.headers);
  for (const name of ["content-length", "content-encoding", "transfer-encoding"]) headers.delete(name);
  headers.set("content-type", "text/plain; charset=utf-8");
  headers.set("x-content-type-options", "nosniff");
  return textAnswer(message, { status: 200, headers });
}
async function peekEmpty(response) {
  const body = response.body;
  if (body === null || response.status === 204 || response.status === 205) {
    void body?.cancel().catch(() => void 0);
    return { empty: true };
  }
  const length = response.headers.get("content-length");
  if (length !== null && length.trim() !== "") {
    if (Number(length) === 0) {
      void body.cancel().catch(() => void 0);
      return { empty: true };
    }
    return { empty: false, response };
  }
  const reader = body.getReader();
  let first;
  for (; ; ) {
    const chunk = await reader.read();
    if (chunk.done) return { empty: true };
    if (chunk.value.byteLength > 0) {
      first = chunk.value;
      break;
    }
  }
  const replay = new ReadableStream({
    start(controller) {
      controller.enqueue(first);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    }
  });
  return {
    empty: false,
    response: new Response(replay, { status: response.status, statusText: response.statusText, headers: response.headers })
  };
}

// src/lora/adapter-handlers.ts
var PATH_PREFIX = "/adapters/";
var LOAD = {
  wrapper: "registerLoadAdapterHandler",
  defaults: "load_adapter",
  verb: "registered",
  async read(request) {
    const result = validateRegistration(await readRegistrationInput(request));
    if (!result.ok) throw new HttpError(400, JSON.stringify(result.issues));
    return { name: result.value.name, body: createView({ ...result.value }) };
  }
};
var UNLOAD = {
  wrapper: "registerUnloadAdapterHandler",
  defaults: "unload_adapter",
  verb: "unregistered",
  async read(request, context) {
    const name = context.params.adapter_name;
    if (!name) throw new HttpError(424, "Malformed request path; missing path parameter: adapter_name");
    const problem = malformedEscape(request) ?? adapterNameProblem(name);
    if (problem) throw new HttpError(400, `Invalid adapter_name in the path: the adapter name ${problem}`);
    return { name, body: null };
  }
};
function registerLoadAdapterHandler(options) {
  return adapterWrapper(LOAD, options);
}
function registerUnloadAdapterHandler(options) {
  return adapterWrapper(UNLOAD, options);
}
function adapterWrapper(route, options) {
  const { request, response } = compileOptions(route.wrapper, options);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`${route.wrapper}(...) must wrap a handler function, got ${typeof handler}`, { key: `${route.wrapper}(...)` });
    if (!request && !response) return handler;
    const requestShape = request ?? compileShape({}, `${route.wrapper}.requestShape`);
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = request ? resolveEnvDefaults(setup, route.defaults, requestShape) : NO_DEFAULTS;
      return readsBodyThroughKit(async (incoming, context) => {
        const { name, body } = await route.read(incoming, context);
        const view = buildRequestView({ request: incoming, body, pathParams: context.params });
        const data = evaluateRequestShape(requestShape, view, defaults);
        const result = await inner(forwardShaped(incoming, context, data, defaults), context);
        const message = `Adapter ${adapterAlias(incoming.headers) ?? name} ${route.verb}`;
        return respondAdapterResult(toResponse(result), message, (answer) => response ? shapeResponse(answer, response) : answer);
      });
    });
  };
}
function compileOptions(wrapper, options) {
  if (typeof options !== "object" || options === null) {
    throw new SageMakerConfigError(`${wrapper} expects { requestShape, responseShape? }`, { key: wrapper });
  }
  for (const key of Object.keys(options)) {
    if (key !== "requestShape" && key !== "responseShape") throw new SageMakerConfigError(`Invalid ${wrapper} option '${key}'`, { key: `${wrapper}.${key}` });
  }
  if (options.requestShape === void 0 && options.responseShape === void 0) {
    throw new SageMakerConfigError(`${wrapper} needs a requestShape (null mounts the handler without any transform)`, { key: `${wrapper}.requestShape` });
  }
  return {
    ...options.requestShape == null ? {} : { request: compileShape(options.requestShape, `${wrapper}.requestShape`) },
    ...isAbsentShape(options.responseShape) ? {} : { response: compileShape(options.responseShape, `${wrapper}.responseShape`) }
  };
}
function malformedEscape(request) {
  const pathname = pathnameOf(request.url);
  if (!pathname.startsWith(PATH_PREFIX)) return void 0;
  try {
    decodeURIComponent(pathname.slice(PATH_PREFIX.length));
    return void 0;
  } catch {
    return "is not valid percent-encoding";
  }
}

// src/sessions/manager.ts
var TEXT = { "content-type": "text/plain; charset=utf-8" };
var PATH_KEY = "statefulSessionManager.engineRequestSessionIdPath";
function statefulSessionManager(options = {}) {
  if (typeof options !== "object" || options === null) {
    throw new SageMakerConfigError("statefulSessionManager(options): options must be an object", { key: "statefulSessionManager" });
  }
  const path = options.engineRequestSessionIdPath;
  let segments;
  if (path !== void 0) {
    if (typeof path !== "string") {
      throw new SageMakerConfigError("statefulSessionManager: engineRequestSessionIdPath must be a string", { key: PATH_KEY });
    }
    try {
      segments = parseDotPath(path);
    } catch (error) {
      throw new SageMakerConfigError(`statefulSessionManager: invalid engineRequestSessionIdPath: ${error.message}`, { key: PATH_KEY });
    }
  }
  const injection = path !== void 0 && segments ? { path, segments } : void 0;
  return (handler) => {
    if (typeof handler !== "function") {
      throw new SageMakerConfigError("statefulSessionManager(...)(handler): handler must be a function", { key: "statefulSessionManager(...)" });
    }
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const runtime = sessionRuntime(setup);
      const { create, close } = setup.engineSessions;
      const engine = create && close ? { create, close } : void 0;
      return createSessionHandler({ inner, runtime, engine, injection, logger: setup.logger });
    });
  };
}
function createSessionHandler({ inner, runtime, engine, injection, logger }) {
  const store = new GuardedStore(runtime, logger);
  const newSession = async (header) => {
    if (header !== null && header !== "" && header !== NEW_SESSION) {
      const found = await store.lookup(header, "create");
      if (found.state === "unknown") throw new HttpError(400, sessionNotFound(header));
      if (found.state === "expired") await store.purge(header);
    }
    const session = await store.create(runtime.expirationSeconds);
    logger.debug(`Created session ${session.id}`);
    return textAnswer(`Session ${session.id} created`, {
      status: 200,
      headers: { ...TEXT, [NEW_SESSION_ID_HEADER]: newSessionHeaderValue(session.id, session.expiresAt) }
    });
  };
  const closeSession = async (header) => {
    if (header === null) throw new HttpError(424, "Failed to close session: invalid session_id: None");
    if (header === "") throw new HttpError(424, "Failed to close session: invalid session_id: ");
    if (header === NEW_SESSION) throw new HttpError(424, `Failed to close session: session not found: ${NEW_SESSION}`);
    const found = await store.lookup(header, "close");
    if (found.state === "expired") await store.purge(header);
    if (found.state !== "active" || !await store.delete(header)) throw new HttpError(400, sessionNotFound(header));
    logger.debug(`Closed session ${header}`);
    return textAnswer(`Session ${header} closed`, { status: 200, headers: { ...TEXT, [CLOSED_SESSION_ID_HEADER]: header } });
  };
  const regular = async (request, context, header, text, parsed) => {
    if (header === null || header === "") return inner(forward(request, inner), context);
    if (!engine) {
      if (!runtime.enabled) throw new HttpError(400, SESSIONS_DISABLED_HEADER);
      if (header !== NEW_SESSION) {
        const found = await store.lookup(header, "use");
        if (found.state !== "active") {
          if (found.state === "expired") await store.purge(header);
          throw new HttpError(400, sessionNotFound(header));
        }
        context.session = createSessionInfo({ id: header, expiresAt: found.expiresAt, store: runtime.store, maxValueBytes: runtime.maxValueBytes, logger });
      }
    }
    if (!injection) return inner(forward(request, inner), context);
    return inner(inject(request, parsed ?? parseBody(text), header, injection), context);
  };
  return readsBodyThroughKit(async (request, context) => {
    const header = request.headers.get(SESSION_ID_HEADER);
    const text = await bodyText(request);
    let parsed;
    if (text !== void 0 && mayHoldRequestType(text)) {
      parsed = parseBody(text);
      if (parsed.kind === "json" && isSessionRequestBody(parsed.value)) {
        const check2 = checkSessionRequest(parsed.value);
        if (!check2.ok) throw new HttpError(400, check2.detail);
        if (engine) return check2.type === "NEW_SESSION" ? engine.create(forward(request, engine.create), context) : engine.close(forward(request, engine.close), context);
        if (!runtime.enabled) throw new HttpError(400, SESSIONS_DISABLED);
        return check2.type === "NEW_SESSION" ? newSession(header) : closeSession(header);
      }
    }
    return regular(request, context, header, text, parsed);
  });
}
function inject(request, parsed, id, injection) {
  if (parsed.kind === "invalid-utf8") throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  if (parsed.kind === "invalid-json") throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  const body = parsed.value;
  if (!isJsonObject(body)) {
    throw new HttpError(400, `Cannot inject the session id at '${injection.path}': the JSON body is not an object`);
  }
  if (!setAtPath(body, injection.segments, id)) {
    throw new HttpError(400, `Cannot inject the session id at '${injection.path}': a parent of that field is not an object`);
  }
  return forwardJson(request, body);
}
var GuardedStore = class {
  #runtime;
  #logger;
  constructor(runtime, logger) {
    this.#runtime = runtime;
    this.#logger = logger;
  }
  #store(operation) {
    try {
      return this.#runtime.store();
    } catch (error) {
      throw this.#failure(operation, error);
    }
  }
  async lookup(id, operation) {
    if (!isValidSessionId(id)) return { state: "unknown" };
    try {
      return await this.#store(operation).lookup(id);
    } catch (error) {
      throw this.#failure(operation, error);
    }
  }
  async create(ttlSeconds) {
    try {
      return await this.#store("create").create({ ttlSeconds });
    } catch (error) {
      throw this.#failure("create", error);
    }
  }
  async delete(id) {
    try {
      return await this.#store("close").delete(id);
    } catch (error) {
      throw this.#failure("close", error);
    }
  }
  /** Removes an expired session; a failure is logged only (the sweeper will retry). */
  async purge(id) {
    try {
      await this.#runtime.store().delete(id);
    } catch (error) {
      this.#logger.warn(`Could not remove expired session ${echoId(id)}: ${describeError(error)}`);
    }
  }
  #failure(operation, error) {
    if (error instanceof HttpError) return error;
    this.#logger.error(`Session store failed to ${operation === "use" ? "look up a" : operation} session: ${describeError(error)}`);
    const code = error?.code;
    const reason = `session store error${typeof code === "string" ? ` (${code})` : ""}; see the server log`;
    if (operation === "create") return new HttpError(424, `Failed to create session: ${reason}`);
    if (operation === "close") return new HttpError(424, `Failed to close session: ${reason}`);
    return new HttpError(503, `Session store unavailable: ${reason}`);
  }
};

// src/batch/split-records.ts
var JSON_LINES = /* @__PURE__ */ new Set(["application/jsonlines", "application/x-jsonlines", "application/jsonl"]);
var CSV = "text/csv";
var DROPPED_HEADERS = ["content-length", "content-encoding", "transfer-encoding"];
function splitRecords(options = {}) {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("splitRecords: options must be an object", { key: "splitRecords" });
  for (const key of Object.keys(options)) {
    if (key !== "concurrency") throw new SageMakerConfigError(`splitRecords: unknown option '${key}'`, { key: `splitRecords.${key}` });
  }
  const concurrency = options.concurrency ?? 4;
  if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new SageMakerConfigError(`splitRecords: concurrency must be an integer of at least 1, got ${String(concurrency)}`, { key: "splitRecords.concurrency" });
  }
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`splitRecords(...) must wrap a handler function, got ${typeof handler}`, { key: "splitRecords(...)" });
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      return async (request, context) => {
        const mediaType = mediaTypeOf(request.headers.get("content-type"));
        const format = JSON_LINES.has(mediaType) ? "jsonl" : mediaType === CSV ? "csv" : void 0;
        if (!format) return inner(request, context);
        const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
        if (text === void 0) throw new HttpError(400, "The request body is not valid UTF-8");
        const records = splitLines(text);
        const headers = { "content-type": mediaType };
        if (records.length === 0) return textAnswer(null, { status: 200, headers });
        const lines = await runRecords(records, request, context, inner, format, concurrency);
        return textAnswer(lines, { status: 200, headers });
      };
    });
  };
}
function mediaTypeOf(contentType) {
  if (contentType === null) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
function splitLines(text) {
  const records = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line !== "") records.push(line);
  }
  return records;
}
async function runRecords(records, request, context, handler, format, concurrency) {
  const headers = new Headers(request.headers);
  for (const name of DROPPED_HEADERS) headers.delete(name);
  const batch = new AbortController();
  let signal;
  const recordContext = Object.create(context, {
    signal: { get: () => signal ??= joinSignals(context.signal, batch.signal), configurable: true }
  });
  const answers = Array.from({ length: records.length }, () => "");
  let next = 0;
  let failure;
  const runOne = async (index) => {
    const record2 = new Request(request.url, { method: request.method, headers, body: records[index] });
    let outcome;
    try {
      const result = await handler(record2, Object.create(recordContext));
      outcome = failure ? { ok: true, line: "" } : isResponse(result) ? await writeResponse(result, format) : writeValue(result, format);
      if (failure && isResponse(result)) void result.body?.cancel().catch(() => void 0);
    } catch (error) {
      if (failure) return;
      if (isHttpError(error)) outcome = { ok: false, status: error.status, detail: detailText(error.detail) };
      else {
        context.logger.error(`Record ${index + 1} of ${request.method} ${new URL(request.url).pathname} failed: ${describeError(error)}`);
        outcome = { ok: false, status: 500, detail: "Internal Server Error" };
      }
    }
    if (failure) return;
    if (outcome.ok) answers[index] = outcome.line;
    else {
      failure = { index, status: outcome.status, detail: outcome.detail };
      batch.abort(new DOMException(`Record ${index + 1} failed`, "AbortError"));
    }
  };
  const worker = async () => {
    while (!failure && next < records.length) await runOne(next++);
  };
  const workers = Array.from({ length: Math.min(concurrency, records.length) }, worker);
  await new Promise((resolve, reject) => {
    let finished = 0;
    const done = () => {
      if (failure || ++finished === workers.length) resolve();
    };
    for (const running of workers) running.then(done, reject);
    batch.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  if (failure) {
    const status = failure.status >= 400 && failure.status <= 599 ? failure.status : 500;
    throw new HttpError(status, `Record ${failure.index + 1}: ${failure.detail}`);
  }
  let body = "";
  for (const line of answers) body += `${line}
`;
  return body;
}
async function writeResponse(response, format) {
  const bodyText2 = await response.text();
  if (response.status < 200 || response.status > 299) {
    return { ok: false, status: response.status, detail: errorDetail(bodyText2) };
  }
  if (mediaTypeOf(response.headers.get("content-type")) === "application/json") {
    try {
      return { ok: true, line: JSON.stringify(JSON.parse(bodyText2)) };
    } catch {
      return { ok: false, status: 500, detail: "the answer is application/json but not valid JSON" };
    }
  }
  return writeText(bodyText2, format);
}
function writeValue(result, format) {
  if (result === void 0) return writeText("", format);
  if (typeof result === "string") return writeText(result, format);
  const json = JSON.stringify(result);
  if (json === void 0) return { ok: false, status: 500, detail: "the handler returned a value JSON cannot represent" };
  return { ok: true, line: json };
}
function writeText(answer, format) {
  let text = answer;
  if (text.endsWith("\r\n")) text = text.slice(0, -2);
  else if (text.endsWith("\n")) text = text.slice(0, -1);
  if (format === "jsonl") return { ok: true, line: JSON.stringify(text) };
  if (text.includes("\n") || text.includes("\r")) return { ok: false, status: 500, detail: "the answer holds a line break, which CSV output cannot carry" };
  return { ok: true, line: text };
}
function errorDetail(bodyText2) {
  try {
    const parsed = JSON.parse(bodyText2);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && "detail" in parsed) {
      return detailText(parsed.detail);
    }
  } catch {
  }
  return bodyText2;
}
function detailText(detail) {
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}
function joinSignals(outer, batch) {
  if (typeof AbortSignal.any === "function") return AbortSignal.any([outer, batch]);
  const controller = new AbortController();
  for (const signal of [outer, batch]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

// src/sessions/engine.ts
var TEXT2 = { "content-type": "text/plain; charset=utf-8" };
function registerCreateSessionHandler(options) {
  const where = "registerCreateSessionHandler";
  checkObject(options, where);
  const idPath = compileExpression(options.engineResponseSessionIdPath, `${where}.engineResponseSessionIdPath`);
  const shape = compileShape(options.requestShape ?? {}, `${where}.requestShape`);
  checkSchema(options.requestSchema, where);
  return (handler) => {
    checkHandler(handler, where);
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = resolveEnvDefaults(setup, "create_session", shape);
      const runtime = sessionRuntime(setup);
      return readsBodyThroughKit(async (request, context) => {
        const view = buildRequestView({ request, body: jsonValue(await bodyJson(request)), pathParams: context.params });
        const body = await validate(options.requestSchema, evaluateRequestShape(shape, view, defaults));
        const response = toResponse(await inner(forwardShaped(request, context, body, defaults), context));
        if (response.status < 200 || response.status > 299) return response;
        const id = await extractId(response, idPath);
        const expiresAt = new Date(expiryFrom(Date.now(), runtime.expirationSeconds));
        return textAnswer(`Successfully created session: ${id}`, {
          status: 200,
          headers: { ...TEXT2, [NEW_SESSION_ID_HEADER]: newSessionHeaderValue(id, expiresAt) }
        });
      });
    });
  };
}
function registerCloseSessionHandler(options) {
  const where = "registerCloseSessionHandler";
  checkObject(options, where);
  const raw = options.engineRequestSessionIdPath;
  if (typeof raw !== "string" || raw === "") {
    throw new SageMakerConfigError(
      "engineRequestSessionIdPath is required for registerCloseSessionHandler. The engine needs to know which session to close.",
      { key: `${where}.engineRequestSessionIdPath` }
    );
  }
  let idPath;
  try {
    idPath = parseDotPath(raw.startsWith("body.") ? raw.slice("body.".length) : raw);
  } catch (error) {
    throw new SageMakerConfigError(`Invalid ${where}.engineRequestSessionIdPath: ${error.message}`, { key: `${where}.engineRequestSessionIdPath` });
  }
  const shape = compileShape(options.requestShape ?? {}, `${where}.requestShape`);
  checkSchema(options.requestSchema, where);
  return (handler) => {
    checkHandler(handler, where);
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = resolveEnvDefaults(setup, "close_session", shape);
      return readsBodyThroughKit(async (request, context) => {
        const id = request.headers.get(SESSION_ID_HEADER);
        if (id === null || id === "") throw new HttpError(400, "Session ID is required in request headers to close a session");
        if (!isValidSessionId(id)) throw new HttpError(400, sessionNotFound(id));
        const view = buildRequestView({ request, body: jsonValue(await bodyJson(request)), pathParams: context.params });
        const shaped = evaluateRequestShape(shape, view, defaults);
        setAtPath(shaped, idPath, id);
        const body = await validate(options.requestSchema, shaped);
        const response = toResponse(await inner(forwardShaped(request, context, body, defaults), context));
        if (response.status < 200 || response.status > 299) return response;
        void response.body?.cancel().catch(() => void 0);
        return textAnswer(`Successfully closed session: ${id}`, { status: 200, headers: { ...TEXT2, [CLOSED_SESSION_ID_HEADER]: id } });
      });
    });
  };
}
async function extractId(response, path) {
  const text = await response.text();
  const parsed = text.trim() === "" ? { ok: true, value: {} } : parseJson(text);
  const view = createView({ body: toViewJson(parsed.ok ? parsed.value : text), headers: headerView(response.headers), status_code: response.status });
  let id;
  try {
    id = evaluateExpression(path, view);
  } catch (error) {
    if (error instanceof TransformEvaluationError) id = void 0;
    else throw error;
  }
  if (id === null || id === void 0 || id === "") throw new HttpError(502, "Session ID not found in engine response");
  if (!isValidSessionId(id)) {
    throw new HttpError(502, `Engine returned a session id that is not a valid SageMaker session id: ${echoId(typeof id === "string" ? id : JSON.stringify(id))}`);
  }
  return id;
}
async function validate(schema, body) {
  if (!schema) return body;
  const result = await schema["~standard"].validate(body);
  if (result.issues) {
    const text = result.issues.map((issue) => issue.path?.length ? `${issue.path.map(keyOf).join(".")}: ${issue.message}` : issue.message).join("; ");
    throw new HttpError(424, `Engine request validation failed: ${text}`);
  }
  return result.value;
}
function keyOf(segment) {
  return typeof segment === "object" && segment !== null && "key" in segment ? String(segment.key) : String(segment);
}
function checkObject(options, where) {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError(`${where} expects an options object`, { key: where });
}
function checkSchema(schema, where) {
  if (schema === void 0) return;
  const std = schema?.["~standard"];
  if (typeof std?.validate !== "function") throw new SageMakerConfigError(`Invalid ${where}.requestSchema: expected a Standard Schema (valibot, zod, ...)`, { key: `${where}.requestSchema` });
}
function checkHandler(handler, where) {
  if (typeof handler !== "function") throw new SageMakerConfigError(`${where}(...) must wrap a handler function, got ${typeof handler}`, { key: `${where}(...)` });
}
function jsonValue(parsed) {
  return parsed?.ok ? parsed.value : void 0;
}

export {
  customPingHandler,
  customInvocationHandler,
  customMiddleware,
  inputFormatter,
  outputFormatter,
  useBytesRequests,
  HttpError,
  isHttpError,
  useTextResponses,
  setClientSignal,
  LIMIT_BODY,
  TO_NATIVE_REQUEST,
  PATHNAME,
  answererOf,
  payloadTooLarge,
  isContentLength,
  targetPathname,
  createMemorySessionStore,
  resolveSettings,
  createFileStoreOn,
  defineWrappedHandler,
  createSageMakerHandler,
  createHandlerOn,
  ADAPTER_IDENTIFIER_HEADER,
  ADAPTER_ALIAS_HEADER,
  injectAdapterId,
  readTransformDefaults,
  createTransform,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  statefulSessionManager,
  splitRecords,
  registerCreateSessionHandler,
  registerCloseSessionHandler
};
