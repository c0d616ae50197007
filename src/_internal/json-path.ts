/** Keys that would reach an object's prototype instead of the object. */
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

/** Splits and checks a dot path (`model`, `metadata.session_id`); throws on empty or prototype segments. */
export function parseDotPath(path: string): string[] {
  const segments = path.split(".");
  for (const segment of segments) {
    if (segment === "") throw new Error(`path '${path}' has an empty segment`);
    if (FORBIDDEN.has(segment)) throw new Error(`path '${path}' uses the reserved segment '${segment}'`);
  }
  return segments;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes `value` at `segments` inside `target`, creating missing parents as plain objects.
 * Returns false (writing nothing) when a parent exists but is not an object.
 */
export function setAtPath(target: JsonObject, segments: readonly string[], value: unknown): boolean {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string;
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined || next === null) {
      const created: JsonObject = {};
      setOwnValue(node, key, created);
      node = created;
    } else if (isJsonObject(next)) {
      node = next;
    } else {
      return false;
    }
  }
  setOwnValue(node, segments[segments.length - 1] as string, value);
  return true;
}

/** Own-property read along `segments`; `undefined` when any step is missing or not an object. */
export function getAtPath(target: unknown, segments: readonly string[]): unknown {
  let node = target;
  for (const key of segments) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

// `__proto__` is the one inherited setter a JSON object has: defined, not assigned, it stays a plain key.
function setOwnValue(target: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
