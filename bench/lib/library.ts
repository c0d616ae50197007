import type * as Library from "../../src/index.ts";

export type { Library };

/**
 * The built package, as users import it (`npm run bench` builds it first). Not the sources through tsx:
 * tsx keeps function names by wrapping every closure the library creates per request in a `__name` call,
 * a cost the published build does not have.
 */
export async function library(): Promise<typeof Library> {
  const entry = new URL("../../dist/index.js", import.meta.url);
  try {
    return (await import(entry.href)) as typeof Library;
  } catch (error) {
    throw new Error(`dist/index.js could not be imported (run npm run build first): ${(error as Error).message}`);
  }
}
