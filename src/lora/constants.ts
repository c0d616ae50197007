/** Carries the adapter to use on `/invocations`; `injectAdapterId` copies it into the body. */
export const ADAPTER_IDENTIFIER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";
/** When present and non-empty, replaces the adapter name in register/unregister success messages. */
export const ADAPTER_ALIAS_HEADER = "X-Amzn-SageMaker-Adapter-Alias";
/** Longest adapter name (and identifier header) accepted. */
export const MAX_ADAPTER_NAME_LENGTH = 256;
