import {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  createMemorySessionStore,
  createSageMakerHandler,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isHttpError,
  outputFormatter,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  splitRecords,
  statefulSessionManager
} from "./chunk-NKEI7ZH6.js";
import {
  SESSION_ID_PATTERN,
  SessionNotFoundError,
  isValidSessionId
} from "./chunk-QJS5L2QM.js";
import {
  createConsoleLogger
} from "./chunk-5INBP2CT.js";
import {
  SageMakerConfigError
} from "./chunk-R6SGHOIN.js";
export {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  SESSION_ID_PATTERN,
  SageMakerConfigError,
  SessionNotFoundError,
  createConsoleLogger,
  createMemorySessionStore,
  createSageMakerHandler,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isHttpError,
  isValidSessionId,
  outputFormatter,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  splitRecords,
  statefulSessionManager
};
