import { SECRET } from "./app.ts";

export interface Observed {
  status: number;
  text: string;
  headers: Headers;
  elapsedMs: number;
}

const FETCH_BOUND_MS = 10_000;

/** Calls `fetch` with a hard bound, so a hang fails the case instead of the suite. */
export async function observe(fetchFn: (request: Request) => Promise<Response>, request: Request): Promise<Observed> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${FETCH_BOUND_MS} ms`)), FETCH_BOUND_MS);
  });
  try {
    const response = await Promise.race([fetchFn(request), hang]);
    if (!(response instanceof Response)) throw new Error(`fetch resolved to ${String(response)}, not a Response`);
    const text = await Promise.race([response.text(), hang]);
    return { status: response.status, text, headers: response.headers, elapsedMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** A JSON body with a `detail` member; the error message says what came instead. */
export function detailOf(observed: Observed): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(observed.text);
  } catch {
    throw new Error(`${observed.status} body is not JSON: ${observed.text.slice(0, 200)}`);
  }
  if (typeof parsed !== "object" || parsed === null || !Object.hasOwn(parsed, "detail")) {
    throw new Error(`${observed.status} body has no "detail": ${observed.text.slice(0, 200)}`);
  }
  return (parsed as { detail: unknown }).detail;
}

const STACK_FRAME = /\n\s+at .+\(|\bat (async )?[\w$.<>]+ \(.*:\d+:\d+\)|node:internal|file:\/\/\//;

/** Error bodies carry neither stack frames nor exception text. */
export function assertNoLeak(observed: Observed): void {
  if (observed.text.includes(SECRET)) throw new Error(`response leaks handler exception text: ${observed.text.slice(0, 200)}`);
  if (STACK_FRAME.test(observed.text)) throw new Error(`response carries a stack trace: ${observed.text.slice(0, 300)}`);
  observed.headers.forEach((value, name) => {
    if (value.includes(SECRET)) throw new Error(`header ${name} leaks handler exception text`);
  });
}

/** Own property names of the built-in prototypes, to compare before and after. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(","))
    .join("|");
}

export function assertPrototypesClean(before: string): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined) throw new Error("Object.prototype was polluted");
  if (prototypeSnapshot() !== before) throw new Error("a built-in prototype gained or lost a property");
}
