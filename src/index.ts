export { createSageMakerHandler } from "./handler.ts";
export { HttpError, isHttpError } from "./http-error.ts";
export { SageMakerConfigError } from "./errors.ts";
export {
  customPingHandler,
  customInvocationHandler,
  customMiddleware,
  inputFormatter,
  outputFormatter,
} from "./customer/markers.ts";
export type { MiddlewareName } from "./customer/markers.ts";
export { createConsoleLogger } from "./logging.ts";
export type { Logger } from "./logging.ts";
export { defineWrappedHandler } from "./setup.ts";
export type { SetupContext, HandlerRole } from "./setup.ts";
export type { Platform } from "./platform.ts";
export type { SessionStore, SessionLookup } from "./sessions/store.ts";
export type {
  Env,
  ErrorFormatter,
  Fallback,
  Handler,
  HandlerContext,
  HandlerResult,
  JsonValue,
  Middleware,
  SageMakerConfig,
  SageMakerHandler,
  SessionInfo,
  SessionsOptions,
} from "./types.ts";
