import { SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import type { JsonObject } from "../_internal/json-path.ts";
import { bodyJson, forward, forwardJson, readsBodyThroughKit } from "../_internal/shared-body.ts";
import { toResponse } from "../respond.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import type { SetupContext } from "../wrapped-handler.ts";
import type { Handler, HandlerContext } from "../types.ts";
import {
  NO_DEFAULTS,
  applyBodyDefaults,
  checkDefaultsFit,
  compileDefaults,
  readTransformDefaults,
  transformDefaultsVariable,
} from "./defaults.ts";
import type { CompiledDefaults, TransformDefaultsName } from "./defaults.ts";
import { TransformEvaluationError } from "./expression.ts";
import { shapeResponse } from "./response.ts";
import { compileShape, evaluateShape, isAbsentShape, shapeTargets } from "./shape.ts";
import type { CompiledShape, Shape } from "./shape.ts";
import { buildRequestView } from "./request-view.ts";
import type { RequestView } from "./request-view.ts";

/** Options of `createTransform`, the TypeScript form of MHCS `BaseApiTransform`. */
export interface TransformOptions {
  /**
   * `{ targetPath: jmespath }` over `{ body, headers, query_params, path_params }`; the handler receives
   * a Request whose JSON body is the shaped object (also `context.transformed`). `null`/absent: the
   * request passes through untouched.
   */
  requestShape?: Shape | null;
  /**
   * Applied to 2xx JSON responses over `{ body, headers, status_code }`; other responses pass through.
   * `{}` counts as no shape (MHCS ignored response shapes, so ported code often passes `{}`).
   */
  responseShape?: Shape | null;
  /** Which `SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS` fills in targets the request shape leaves `null`. */
  defaults?: TransformDefaultsName;
  /** Names the wrapper in config errors; default `createTransform`. */
  name?: string;
}

const OPTION_KEYS = new Set(["requestShape", "responseShape", "defaults", "name"]);
const DEFAULT_NAMES = new Set(["load_adapter", "unload_adapter", "create_session", "close_session"]);
const SHARED_DEFAULTS_KEY = "transforms.defaults";

/**
 * Builds a wrapper that reshapes requests (and JSON responses) declaratively, MHCS's
 * `create_transform_decorator`. Shapes compile when this is called, so a bad expression throws here,
 * naming the key; environment defaults are read when the handler instance is prepared (`ready()`).
 * Both shapes absent: the wrapper returns the handler unchanged.
 * @throws SageMakerConfigError naming the offending option or shape key.
 */
export function createTransform(options: TransformOptions = {}): (handler: Handler) => Handler {
  const name = checkOptions(options);
  const request = options.requestShape == null ? undefined : compileShape(options.requestShape, `${name}.requestShape`);
  const response = isAbsentShape(options.responseShape) ? undefined : compileShape(options.responseShape, `${name}.responseShape`);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`${name}(...) must wrap a handler function, got ${typeof handler}`, { key: `${name}(...)` });
    if (!request && !response) return handler;
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = request && options.defaults ? resolveEnvDefaults(setup, options.defaults, request) : NO_DEFAULTS;
      return readsBodyThroughKit(async (incoming, context) => {
        let forwarded: Request;
        if (!request) forwarded = forward(incoming, inner);
        else {
          const parsed = await bodyJson(incoming);
          const view = buildRequestView({ request: incoming, body: parsed?.ok ? parsed.value : undefined, pathParams: context.params });
          forwarded = forwardShaped(incoming, context, evaluateRequestShape(request, view, defaults), defaults);
        }
        const result = await inner(forwarded, context);
        return response ? shapeResponse(toResponse(result), response) : result;
      });
    });
  };
}

function checkOptions(options: TransformOptions): string {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("createTransform expects an options object", { key: "createTransform" });
  const name = options.name ?? "createTransform";
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new SageMakerConfigError(`Invalid ${name} option '${key}'`, { key: `${name}.${key}` });
  }
  if (options.defaults !== undefined && !DEFAULT_NAMES.has(options.defaults)) {
    throw new SageMakerConfigError(`Invalid ${name}.defaults: expected one of ${[...DEFAULT_NAMES].join(", ")}`, { key: `${name}.defaults` });
  }
  return name;
}

/**
 * The `SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS` of this handler instance, checked against the shape.
 * Parsed once per instance (`setup.shared`), so a bad variable fails `ready()` naming it.
 */
export function resolveEnvDefaults(setup: SetupContext, name: TransformDefaultsName, shape: CompiledShape): CompiledDefaults {
  const all = setup.shared(SHARED_DEFAULTS_KEY, () => readTransformDefaults(setup.env));
  const variable = transformDefaultsVariable(name);
  const compiled = compileDefaults(all[name], variable);
  checkDefaultsFit(compiled, shapeTargets(shape), variable);
  return compiled;
}

/**
 * Evaluates a request shape over `view`, on top of the defaults. A failing expression (`length(null)`)
 * is the request's fault here, so it is a 400 naming the shape key, never a 500.
 */
export function evaluateRequestShape(shape: CompiledShape, view: RequestView, defaults: CompiledDefaults = NO_DEFAULTS): JsonObject {
  try {
    return evaluateShape(shape, view, { into: applyBodyDefaults(defaults) });
  } catch (error) {
    if (error instanceof TransformEvaluationError) {
      throw new HttpError(400, `Could not apply ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** The request the wrapped handler sees: the shaped object as its JSON body, header defaults filled in. */
export function forwardShaped(request: Request, context: HandlerContext, data: JsonObject, defaults: CompiledDefaults = NO_DEFAULTS): Request {
  context.transformed = data;
  // A GET or HEAD cannot carry a body: the handler reads `context.transformed` instead.
  if (request.method === "GET" || request.method === "HEAD") return request;
  const forwarded = forwardJson(request, data, "application/json");
  for (const [header, value] of defaults.headers) {
    if (!forwarded.headers.has(header)) forwarded.headers.set(header, value);
  }
  return forwarded;
}
