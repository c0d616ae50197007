import { validateConfig } from "./config.ts";
import { CustomerCode } from "./customer/loader.ts";
import { resolveHandler } from "./customer/handler-priority.ts";
import { resolveMiddlewares } from "./customer/middleware-order.ts";
import { SageMakerConfigError } from "./errors.ts";
import { DEBUG_LEVEL, createConsoleLogger, describeError, isLogger, withLevel } from "./logging.ts";
import type { Logger } from "./logging.ts";
import { asksHead, createPipeline, headless, isThenable, lastResort } from "./pipeline.ts";
import type { Answer } from "./pipeline.ts";
import { ANSWER_NOW } from "./_internal/wire.ts";
import { checkHostingModes, mountHostingModes } from "./hosting-modes.ts";
import { genericPlatform } from "./platform.ts";
import type { Platform } from "./platform.ts";
import { jsonResponse } from "./respond.ts";
import type { RouteTable } from "./routing.ts";
import { resolveSettingsFor } from "./settings.ts";
import { prepareHandler } from "./wrapped-handler.ts";
import type { HandlerRole, SetupContext } from "./wrapped-handler.ts";
import type { Env, Handler, Middleware, SageMakerConfig, SageMakerHandler } from "./types.ts";

/**
 * The TypeScript form of MHCS `bootstrap(app)`: one fetch handler serving `/ping`, `/invocations`,
 * the adapter routes and the engine's own routes, with customer overrides resolved at `ready()`.
 * Nothing is read or loaded until `ready()` or the first `fetch`.
 */
export function createSageMakerHandler(config: SageMakerConfig = {}): SageMakerHandler {
  return createHandlerOn(config, undefined);
}

/** Used by the runtime entries: the same handler, with the runtime's file system and environment. */
export function createHandlerOn(config: SageMakerConfig, platform: Platform | undefined): SageMakerHandler {
  let starting: Promise<(request: Request) => Answer> | undefined;
  let pipeline: ((request: Request) => Answer) | undefined;
  // Until the config is validated, a usable config.logger already gets the startup failure.
  let logger: Logger = isLogger(config.logger) ? config.logger : createConsoleLogger();
  // Created on first use: workerd forbids `new AbortController()` in a module's global scope, where
  // `export default createSageMakerHandler(...)` runs.
  let shutdown: AbortController | undefined;
  const closers: Array<() => void | Promise<void>> = [];

  const start = (): Promise<(request: Request) => Answer> =>
    (starting ??= initialise(config, platform ?? genericPlatform(), (shutdown ??= new AbortController()).signal, closers).then(
      (ready) => {
        logger = ready.logger;
        pipeline = ready.pipeline;
        return ready.pipeline;
      },
      (error: unknown) => {
        logger.error(`SageMaker handler failed to start: ${describeError(error)}`);
        throw error;
      },
    ));

  const answerNow = (request: Request): Answer => {
    if (!pipeline) {
      return start()
        .then(
          (ready) => ready(request),
          () => headless(jsonResponse({ detail: "Service Unavailable" }, 503), asksHead(request)),
        )
        .catch((error: unknown) => lastResort(error, logger, asksHead(request)));
    }
    try {
      // The pipeline's promise never rejects: its last step ends in lastResort.
      return pipeline(request);
    } catch (error) {
      // `fetch` never rejects: whatever escaped the pipeline (a request that is not a Request, say) is a 500.
      return lastResort(error, logger, asksHead(request));
    }
  };

  const handler: SageMakerHandler & { [ANSWER_NOW]: (request: Request) => Answer } = {
    fetch(request: Request): Promise<Response> {
      const answer = answerNow(request);
      return isThenable(answer) ? answer : Promise.resolve(answer);
    },
    [ANSWER_NOW]: answerNow,
    async ready(): Promise<void> {
      await start();
    },
    async close(): Promise<void> {
      shutdown?.abort(new DOMException("The server is shutting down.", "AbortError"));
      await starting?.catch(() => undefined);
      const pending = closers.splice(0).reverse();
      for (const close of pending) await close();
    },
  };
  return handler;
}

async function initialise(
  rawConfig: SageMakerConfig,
  platform: Platform,
  shutdownSignal: AbortSignal,
  closers: Array<() => void | Promise<void>>,
): Promise<{ pipeline: (request: Request) => Answer; logger: Logger }> {
  const config = validateConfig(rawConfig);
  const env: Env = config.env ?? platform.readEnv();
  const settings = resolveSettingsFor(env, config);
  const logLevel = settings.logLevel;
  const logger = withLevel(config.logger ?? createConsoleLogger(), logLevel);
  logger.info("Starting SageMaker bootstrap process");
  const { maxRequestBytes } = checkHostingModes(env, settings, config);
  const importModule = config.importModule ?? ((specifier: string) => import(/* @vite-ignore */ specifier));
  const code = new CustomerCode(env, platform, importModule);
  const fallback = config.fallback;
  const defaultFallback = fallback ?? (() => jsonResponse({ detail: "Not Found" }, 404));

  if (Boolean(config.createSession) !== Boolean(config.closeSession)) {
    const missing = config.createSession ? "closeSession" : "createSession";
    throw new SageMakerConfigError(
      `Engine-native sessions need both config.createSession and config.closeSession; config.${missing} is missing`,
      { key: `config.${missing}` },
    );
  }

  // Resolve everything before preparing anything, so a customer-script error surfaces first.
  const ping = await resolveHandler("ping", env, code, config, defaultFallback);
  const invocations = await resolveHandler("invocations", env, code, config, defaultFallback);
  const customer = await resolveMiddlewares(env, code, logger);

  const shared = new Map<string, unknown>();
  const engineSessions: { create?: Handler; close?: Handler } = {};
  const setupFor = (role: HandlerRole): SetupContext => ({
    env,
    logger,
    platform,
    role,
    config,
    engineSessions,
    shared<T>(key: string, create: () => T): T {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key) as T;
    },
    onClose(close) {
      closers.push(close);
    },
  });
  const prepare = async (role: HandlerRole, handler: Handler | undefined): Promise<Handler | undefined> =>
    handler ? prepareHandler(handler, setupFor(role)) : undefined;

  const createSession = await prepare("createSession", config.createSession);
  const closeSession = await prepare("closeSession", config.closeSession);
  if (createSession) engineSessions.create = createSession;
  if (closeSession) engineSessions.close = closeSession;
  const routes: RouteTable = {};
  const mount = async (key: "ping" | "invocations" | "loadAdapter" | "unloadAdapter", handler: Handler | undefined): Promise<void> => {
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
    prepare: async (handler) => (await prepare("invocations", handler))!,
    onClose: (close) => void closers.push(close),
  });
  if (ping) logger.info(`[PING] handler: ${ping.source}`);
  if (invocations) logger.info(`[INVOKE] handler: ${invocations.source}`);
  for (const resolved of [ping, invocations]) {
    if (resolved?.routed && !fallback) logger.warn(`${resolved.source}: there is no config.fallback, so it answers 404`);
  }

  const prePost = modelAware(customer.prePost);
  const middlewares: Middleware[] = [
    ...(customer.throttle ? [customer.throttle] : []),
    ...(config.middlewares ?? []),
    ...(prePost ? [prePost] : []),
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
    shutdownSignal,
  });
  logger.info("SageMaker bootstrap completed successfully");
  return { pipeline, logger };
}
