/**
 * SageMaker multi-LoRA: adapter id injection and the adapter register/unregister routes.
 * @module
 */
export { injectAdapterId } from "./inject-adapter-id.ts";
export type { InjectAdapterIdOptions } from "./inject-adapter-id.ts";
export { registerLoadAdapterHandler, registerUnloadAdapterHandler } from "./adapter-handlers.ts";
export type { AdapterHandlerOptions } from "./adapter-handlers.ts";
export { readRegistrationInput, validateRegistration } from "./adapter-request.ts";
export type { AdapterRegistration, RegistrationResult, ValidationIssue } from "./adapter-request.ts";
export { adapterAlias, adapterIdentifier, adapterIdentifierProblem, adapterNameProblem, resolveAdapterName } from "./adapter-name.ts";
export { respondAdapterResult } from "./adapter-response.ts";
export { ADAPTER_ALIAS_HEADER, ADAPTER_IDENTIFIER_HEADER, MAX_ADAPTER_NAME_LENGTH } from "./constants.ts";
