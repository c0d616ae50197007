import { SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import { toResponse } from "../respond.ts";
import { pathnameOf } from "../routing.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import type { SetupContext } from "../wrapped-handler.ts";
import { NO_DEFAULTS } from "../transforms/defaults.ts";
import type { TransformDefaultsName } from "../transforms/defaults.ts";
import { evaluateRequestShape, forwardShaped, resolveEnvDefaults } from "../transforms/create-transform.ts";
import { shapeResponse } from "../transforms/response.ts";
import { compileShape, isAbsentShape } from "../transforms/shape.ts";
import type { CompiledShape, Shape } from "../transforms/shape.ts";
import { buildRequestView, createView } from "../transforms/request-view.ts";
import type { Handler, HandlerContext } from "../types.ts";
import { adapterAlias, adapterNameProblem } from "./adapter-name.ts";
import { readRegistrationInput, validateRegistration } from "./adapter-request.ts";
import { readsBodyThroughKit } from "../_internal/shared-body.ts";
import { respondAdapterResult } from "./adapter-response.ts";

/** Options of `registerLoadAdapterHandler` / `registerUnloadAdapterHandler`. */
export interface AdapterHandlerOptions {
  /**
   * `{ engineField: jmespath }` over `{ body, headers, query_params, path_params }`, e.g. vLLM's
   * `{ lora_name: "body.name", lora_path: "body.src" }`. `null` (with no `responseShape`): the handler
   * is mounted as it is, with no validation and no rewriting.
   */
  requestShape: Shape | null;
  /** Applied to a 2xx JSON answer of the handler; other answers pass through. */
  responseShape?: Shape | null;
}

interface AdapterRoute {
  wrapper: string;
  defaults: TransformDefaultsName;
  verb: "registered" | "unregistered";
  /** The adapter name and the view's body, or a thrown 4xx. */
  read(request: Request, context: HandlerContext): Promise<{ name: string; body: unknown }>;
}

const PATH_PREFIX = "/adapters/";

const LOAD: AdapterRoute = {
  wrapper: "registerLoadAdapterHandler",
  defaults: "load_adapter",
  verb: "registered",
  async read(request) {
    const result = validateRegistration(await readRegistrationInput(request));
    // MHCS sends pydantic's error list as a JSON string in `detail`; clients parse it.
    if (!result.ok) throw new HttpError(400, JSON.stringify(result.issues));
    return { name: result.value.name, body: createView({ ...result.value }) };
  },
};

const UNLOAD: AdapterRoute = {
  wrapper: "registerUnloadAdapterHandler",
  defaults: "unload_adapter",
  verb: "unregistered",
  async read(request, context) {
    const name = context.params.adapter_name;
    if (!name) throw new HttpError(424, "Malformed request path; missing path parameter: adapter_name");
    const problem = malformedEscape(request) ?? adapterNameProblem(name);
    if (problem) throw new HttpError(400, `Invalid adapter_name in the path: the adapter name ${problem}`);
    // The reference never reads a DELETE body: `body` is null in the view.
    return { name, body: null };
  },
};

/**
 * Mounts as `loadAdapter` (`POST /adapters`), MHCS `@register_load_adapter_handler`. Validates
 * SageMaker's `{name, src, preload?, pin?}` (JSON body, else the query string), shapes it with
 * `requestShape` and calls the handler with a Request whose JSON body is the shaped object (also
 * `context.transformed`). A 2xx without a body becomes `Adapter <alias or name> registered`; any other
 * answer passes through. Invalid input is a 400 whose detail names the field.
 * @throws SageMakerConfigError naming the shape key, e.g. `registerLoadAdapterHandler.requestShape.lora_name`.
 */
export function registerLoadAdapterHandler(options: AdapterHandlerOptions): (handler: Handler) => Handler {
  return adapterWrapper(LOAD, options);
}

/**
 * Mounts as `unloadAdapter` (`DELETE /adapters/{adapter_name}`), MHCS `@register_unload_adapter_handler`.
 * The view has `path_params.adapter_name` (percent-decoded) and `body: null`; a 2xx without a body
 * becomes `Adapter <alias or name> unregistered`; an engine 404 for an unknown adapter passes through.
 * @throws SageMakerConfigError naming the shape key.
 */
export function registerUnloadAdapterHandler(options: AdapterHandlerOptions): (handler: Handler) => Handler {
  return adapterWrapper(UNLOAD, options);
}

function adapterWrapper(route: AdapterRoute, options: AdapterHandlerOptions): (handler: Handler) => Handler {
  const { request, response } = compileOptions(route.wrapper, options);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`${route.wrapper}(...) must wrap a handler function, got ${typeof handler}`, { key: `${route.wrapper}(...)` });
    if (!request && !response) return handler;
    const requestShape = request ?? compileShape({}, `${route.wrapper}.requestShape`);
    return defineWrappedHandler(async (setup: SetupContext) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = request ? resolveEnvDefaults(setup, route.defaults, requestShape) : NO_DEFAULTS;
      return readsBodyThroughKit(async (incoming, context) => {
        const { name, body } = await route.read(incoming, context);
        const view = buildRequestView({ request: incoming, body, pathParams: context.params });
        const data = evaluateRequestShape(requestShape, view, defaults);
        const result = await inner(forwardShaped(incoming, context, data, defaults), context);
        const message = `Adapter ${adapterAlias(incoming.headers) ?? name} ${route.verb}`;
        return respondAdapterResult(toResponse(result), message, (answer) => (response ? shapeResponse(answer, response) : answer));
      });
    });
  };
}

function compileOptions(wrapper: string, options: AdapterHandlerOptions): { request?: CompiledShape; response?: CompiledShape } {
  if (typeof options !== "object" || options === null) {
    throw new SageMakerConfigError(`${wrapper} expects { requestShape, responseShape? }`, { key: wrapper });
  }
  for (const key of Object.keys(options)) {
    if (key !== "requestShape" && key !== "responseShape") throw new SageMakerConfigError(`Invalid ${wrapper} option '${key}'`, { key: `${wrapper}.${key}` });
  }
  if (options.requestShape === undefined && options.responseShape === undefined) {
    throw new SageMakerConfigError(`${wrapper} needs a requestShape (null mounts the handler without any transform)`, { key: `${wrapper}.requestShape` });
  }
  return {
    ...(options.requestShape == null ? {} : { request: compileShape(options.requestShape, `${wrapper}.requestShape`) }),
    ...(isAbsentShape(options.responseShape) ? {} : { response: compileShape(options.responseShape, `${wrapper}.responseShape`) }),
  };
}

/** The router keeps a malformed `%` escape as sent; tell the client instead of using it as a name. */
function malformedEscape(request: Request): string | undefined {
  const pathname = pathnameOf(request.url);
  if (!pathname.startsWith(PATH_PREFIX)) return undefined;
  try {
    decodeURIComponent(pathname.slice(PATH_PREFIX.length));
    return undefined;
  } catch {
    return "is not valid percent-encoding";
  }
}
