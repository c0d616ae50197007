/**
 * The core's face to the runtime shims (`runtimes/`): what a shim needs beyond the public API. Not a
 * package export; the shims import nothing else from `src/` but this file and `index.ts`.
 * @module
 */
export { createHandlerOn } from "./handler.ts";
export type { Platform, FileKind } from "./platform.ts";
export { SageMakerConfigError, causeMessage } from "./errors.ts";
export { isContentLength, payloadTooLarge } from "./body-limit.ts";
export type { BodyLimitTracker } from "./body-limit.ts";
export { resolveSettings } from "./settings.ts";
export { useTextResponses } from "./respond.ts";
export type { JsonResponseFactory, TextResponseFactory } from "./respond.ts";
export { useBytesRequests } from "./_internal/request.ts";
export type { BytesRequestFactory } from "./_internal/request.ts";
export { LIMIT_BODY, PATHNAME, TO_NATIVE_REQUEST, answererOf } from "./_internal/wire.ts";
export { targetPathname } from "./routing.ts";
export { setClientSignal } from "./_internal/client-signal.ts";
export { createFileStoreOn } from "./sessions/file-store.ts";
export type { FileSessionStoreOptions, FileSystemHost } from "./sessions/file-store.ts";
export type { SessionStore } from "./sessions/store.ts";
export type { Env, SageMakerConfig, SageMakerHandler } from "./types.ts";
