/**
 * The transform engine: JMESPath shapes over `{ body, headers, query_params, path_params }`, shared by
 * the LoRA wrappers, engine-native sessions and `createTransform`. Internal API; keep it stable.
 * @module
 */
export { compileExpression, evaluateExpression, TransformEvaluationError } from "./expression.ts";
export type { CompiledExpression } from "./expression.ts";
export { compileShape, evaluateShape, isAbsentShape, shapeTargets } from "./shape.ts";
export type { CompiledShape, EvaluateShapeOptions, Shape, ShapeEntry } from "./shape.ts";
export { buildRequestView, createView, firstValue, headerView, queryView, toPlainJson, toViewJson } from "./request-view.ts";
export type { RequestView, RequestViewInput } from "./request-view.ts";
export {
  NO_DEFAULTS,
  applyBodyDefaults,
  checkDefaultsFit,
  compileDefaults,
  readTransformDefaults,
  transformDefaultsVariable,
} from "./defaults.ts";
export type { CompiledDefaults, TransformDefaults, TransformDefaultsName } from "./defaults.ts";
export { isJsonResponse, shapeResponse } from "./response.ts";
export { createTransform, evaluateRequestShape, forwardShaped, resolveEnvDefaults } from "./create-transform.ts";
export type { TransformOptions } from "./create-transform.ts";
