export { createSageMakerHandler } from "./handler.ts";
export { HttpError, isHttpError } from "./http-error.ts";
export { SageMakerConfigError } from "./errors.ts";
export type { SageMakerConfigErrorCode, SageMakerConfigErrorDetails } from "./errors.ts";
export {
  customPingHandler,
  customInvocationHandler,
  customMiddleware,
  inputFormatter,
  outputFormatter,
} from "./customer/decorators.ts";
export type { MiddlewareName } from "./customer/decorators.ts";
export { createConsoleLogger } from "./logging.ts";
export type { Logger } from "./logging.ts";
export { defineWrappedHandler } from "./wrapped-handler.ts";
export { injectAdapterId, registerLoadAdapterHandler, registerUnloadAdapterHandler } from "./lora/index.ts";
export type { AdapterHandlerOptions, InjectAdapterIdOptions } from "./lora/index.ts";
export { ADAPTER_ALIAS_HEADER, ADAPTER_IDENTIFIER_HEADER } from "./lora/constants.ts";
export { createTransform, readTransformDefaults } from "./transforms/index.ts";
export type { Shape, TransformDefaults, TransformDefaultsName, TransformOptions } from "./transforms/index.ts";
export type { SetupContext, HandlerRole } from "./wrapped-handler.ts";
export type { Platform } from "./platform.ts";
export type { SessionStore, SessionLookup, CreatedSession } from "./sessions/store.ts";
export { statefulSessionManager } from "./sessions/manager.ts";
export type { StatefulSessionOptions } from "./sessions/manager.ts";
export { splitRecords } from "./batch/split-records.ts";
export type { SplitRecordsOptions } from "./batch/split-records.ts";
export { createMemorySessionStore } from "./sessions/memory-store.ts";
export { SessionNotFoundError } from "./sessions/session-keys.ts";
export { resolveSettings } from "./settings.ts";
export type { ResolvedSettings, HandlerSpec, BatchSettings } from "./settings.ts";
export { registerCreateSessionHandler, registerCloseSessionHandler } from "./sessions/engine.ts";
export type { CreateSessionHandlerOptions, CloseSessionHandlerOptions, SessionRequestSchema } from "./sessions/engine.ts";
export type { MemorySessionStoreOptions } from "./sessions/memory-store.ts";
export { isValidSessionId, SESSION_ID_PATTERN } from "./sessions/ids.ts";
export type {
  Env,
  ErrorFormatter,
  Fallback,
  Handler,
  HandlerContext,
  HandlerResult,
  HeadersLike,
  InputFormatter,
  JsonValue,
  Middleware,
  OutputFormatter,
  ModelContext,
  ModelHost,
  ModelInfo,
  BatchOptions,
  BatchStrategy,
  SageMakerConfig,
  SageMakerHandler,
  SessionInfo,
  SessionsOptions,
} from "./types.ts";
