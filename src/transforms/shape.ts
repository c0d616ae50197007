import { SageMakerConfigError } from "../errors.ts";
import { getAtPath, isJsonObject, parseDotPath, setAtPath } from "../_internal/json-path.ts";
import type { JsonObject } from "../_internal/json-path.ts";
import type { JsonValue } from "../types.ts";
import { compileExpression, evaluateExpression } from "./expression.ts";
import type { CompiledExpression } from "./expression.ts";

/**
 * `{ targetPath: jmespathExpression }`, nestable: `{ lora_name: "body.name", config: { path: "body.src" } }`.
 * Target keys are dot paths (`a.b` writes `{ a: { b } }`); expressions run over the request view.
 */
export interface Shape {
  [target: string]: string | Shape;
}

/** A shape compiled once, at config time. */
export interface CompiledShape {
  readonly kind: "shape";
  readonly where: string;
  readonly entries: readonly ShapeEntry[];
}

export interface ShapeEntry {
  readonly key: string;
  readonly path: readonly string[];
  readonly value: CompiledExpression | CompiledShape;
}

/**
 * Compiles a shape: every value must be a JMESPath string or a nested shape, every key a dot path.
 * @param where the config key the shape sits at, e.g. `registerLoadAdapterHandler.requestShape`.
 * @throws SageMakerConfigError naming the offending key (`...requestShape.lora_name`).
 */
export function compileShape(shape: unknown, where: string): CompiledShape {
  const compiled = compileObject(shape, where);
  checkTargets(compiled, [], new Map());
  return compiled;
}

function compileObject(shape: unknown, where: string): CompiledShape {
  if (!isJsonObject(shape) || !isPlainPrototype(shape)) {
    throw new SageMakerConfigError(`Invalid ${where}: expected an object of { targetPath: "jmespath expression" }`, { key: where });
  }
  const entries: ShapeEntry[] = [];
  for (const key of Object.keys(shape)) {
    const at = `${where}.${key}`;
    let path: string[];
    try {
      path = parseDotPath(key);
    } catch (error) {
      throw new SageMakerConfigError(`Invalid ${at}: the target ${(error as Error).message}`, { key: at });
    }
    const raw = shape[key];
    const value = isJsonObject(raw) ? compileObject(raw, at) : compileExpression(raw, at);
    entries.push({ key, path, value });
  }
  return { kind: "shape", where, entries };
}

function isPlainPrototype(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Two targets where one is inside the other (`a` and `a.b`) would overwrite each other. */
function checkTargets(shape: CompiledShape, prefix: readonly string[], seen: Map<string, string>): void {
  for (const entry of shape.entries) {
    const full = [...prefix, ...entry.path];
    if (entry.value.kind === "shape") {
      checkTargets(entry.value, full, seen);
      continue;
    }
    const where = entry.value.where;
    for (const [other, otherWhere] of seen) {
      const a = full.join("\u0000");
      if (other === a || other.startsWith(`${a}\u0000`) || a.startsWith(`${other}\u0000`)) {
        throw new SageMakerConfigError(`Invalid ${where}: its target overlaps ${otherWhere}`, { key: where });
      }
    }
    seen.set(full.join("\u0000"), where);
  }
}

export interface EvaluateShapeOptions {
  /** Values already in place (env defaults) that a `null` result must not overwrite. */
  into?: JsonObject;
}

/**
 * Evaluates a compiled shape over a view and returns the shaped object (plain JSON). Every target is
 * present: an expression that matches nothing yields `null`, except where `into` already holds a value.
 * @throws TransformEvaluationError when an expression fails on this request's data.
 */
export function evaluateShape(shape: CompiledShape, view: unknown, options: EvaluateShapeOptions = {}): JsonObject {
  const out = options.into ?? {};
  fill(out, shape, view);
  return out;
}

function fill(target: JsonObject, shape: CompiledShape, view: unknown): void {
  for (const entry of shape.entries) {
    if (entry.value.kind === "shape") {
      let child = getAtPath(target, entry.path);
      if (!isJsonObject(child)) {
        child = {};
        setAtPath(target, entry.path, child);
      }
      fill(child as JsonObject, entry.value, view);
      continue;
    }
    const value: JsonValue = evaluateExpression(entry.value, view);
    if (value === null && getAtPath(target, entry.path) !== undefined) continue;
    setAtPath(target, entry.path, value);
  }
}

/** Every expression target of a shape as a full path (nested shapes joined to their parent key). */
export function shapeTargets(shape: CompiledShape, prefix: readonly string[] = []): string[][] {
  const out: string[][] = [];
  for (const entry of shape.entries) {
    const full = [...prefix, ...entry.path];
    if (entry.value.kind === "shape") out.push(...shapeTargets(entry.value, full));
    else out.push(full);
  }
  return out;
}

/** `null`, `undefined` or `{}`: a response shape that asks for nothing (MHCS never applied response shapes). */
export function isAbsentShape(shape: unknown): boolean {
  return shape === null || shape === undefined || (isJsonObject(shape) && Object.keys(shape).length === 0);
}
