/**
 * SageMaker multi-LoRA: adapter id injection and the adapter register/unregister routes.
 * @module
 */
export { injectAdapterId } from "./inject-adapter-id.ts";
export type { InjectAdapterIdOptions } from "./inject-adapter-id.ts";
export { registerLoadAdapterHandler, registerUnloadAdapterHandler } from "./adapter-handlers.ts";
export type { AdapterHandlerOptions } from "./adapter-handlers.ts";
