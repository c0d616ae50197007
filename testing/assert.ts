// Assertions without a test runner or `node:assert`, so the suite runs under vitest, node:test, bun test,
// Deno and workerd alike.

export class ContractFailure extends Error {
  override get name(): string {
    return "ContractFailure";
  }
}

export function fail(message: string): never {
  throw new ContractFailure(message);
}

const show = (value: unknown): string => {
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && isDeepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepEqual(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function ok(condition: unknown, what: string): void {
  if (!condition) fail(what);
}

/** Resolves to the rejection of `promise`; fails when it fulfils. */
export async function rejects(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    const value = await promise;
    return fail(`${what}: expected a rejection, got ${show(value)}`);
  } catch (error) {
    if (error instanceof ContractFailure) throw error;
    return error;
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
