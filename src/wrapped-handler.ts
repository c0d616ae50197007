import { createConsoleLogger } from "./logging.ts";
import type { Logger } from "./logging.ts";
import { genericPlatform } from "./platform.ts";
import type { Platform } from "./platform.ts";
import type { Env, Handler, HandlerContext, SageMakerConfig } from "./types.ts";

const kPrepare = Symbol.for("model-hosting-container-standards.prepare");

/** The config slot a handler is prepared for. */
export type HandlerRole =
  | "ping"
  | "invocations"
  | "loadAdapter"
  | "unloadAdapter"
  | "createSession"
  | "closeSession";

/** What a wrapper sees once per handler instance, at `ready()`. */
export interface SetupContext {
  readonly env: Env;
  readonly logger: Logger;
  readonly platform: Platform;
  readonly role: HandlerRole;
  /** The validated config of the instance being prepared. */
  readonly config: Readonly<SageMakerConfig>;
  /** Engine-native session handlers, already prepared (both or neither). */
  readonly engineSessions: { readonly create?: Handler; readonly close?: Handler };
  /** One value per handler instance and key, created on first use (session runtime, transform defaults). */
  shared<T>(key: string, create: () => T): T;
  /** Runs at `close()`. */
  onClose(close: () => void | Promise<void>): void;
}

type Prepare = (setup: SetupContext) => Handler | Promise<Handler>;
type PreparableHandler = Handler & { [kPrepare]?: Prepare };

/** Gives a wrapped handler its per-instance form; plain handlers come back as they are. */
export async function prepareHandler(handler: Handler, setup: SetupContext): Promise<Handler> {
  const prepare = (handler as PreparableHandler)[kPrepare];
  return prepare ? await prepare(setup) : handler;
}

/**
 * Builds a handler whose real work is set up once per `createSageMakerHandler` instance, at `ready()`,
 * so that two instances never share state. Called directly (outside an instance) it prepares itself
 * once from the first request's context.
 */
export function defineWrappedHandler(prepare: Prepare): Handler {
  let standalone: Promise<Handler> | undefined;
  const handler: PreparableHandler = async (request, context) => {
    standalone ??= Promise.resolve(prepare(standaloneSetup(context)));
    return (await standalone)(request, context);
  };
  handler[kPrepare] = prepare;
  return handler;
}

function standaloneSetup(context: HandlerContext): SetupContext {
  const values = new Map<string, unknown>();
  return {
    env: context.env ?? {},
    logger: context.logger ?? createConsoleLogger(),
    platform: genericPlatform(),
    role: "invocations",
    config: {},
    engineSessions: {},
    shared<T>(key: string, create: () => T): T {
      if (!values.has(key)) values.set(key, create());
      return values.get(key) as T;
    },
    onClose() {},
  };
}
