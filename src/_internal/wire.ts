/**
 * The two things a shim's own request class (the Node facade) can offer the core, under shared symbols so
 * that copies of this library agree: enforce the body limit itself (instead of the core wrapping the body
 * in a counting stream and building a new Request), and hand out the native Request it stands for.
 */
export const LIMIT_BODY = Symbol.for("model-hosting-container-standards.limitBody");
export const TO_NATIVE_REQUEST = Symbol.for("model-hosting-container-standards.toNativeRequest");
