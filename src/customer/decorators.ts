import type { Handler, InputFormatter, Middleware, OutputFormatter } from "../types.ts";

/** The slots customer code can fill by marking functions. */
export type MarkerSlot = "ping" | "invocations" | "throttle" | "pre_post_process" | "input" | "output";

export interface Registration {
  slot: MarkerSlot;
  fn: (...args: never[]) => unknown;
}

const kMarker = Symbol.for("model-hosting-container-standards.marker");
const kState = Symbol.for("model-hosting-container-standards.registrations");

interface RegistrationState {
  /** Registrations made while a customer script is being imported. */
  collecting: Registration[] | undefined;
  /** Per module URL, so a second handler instance sees what the first import recorded. */
  byUrl: Map<string, Registration[]>;
  /** Imports run one at a time so that registrations land with the right script. */
  queue: Promise<unknown>;
}

// Kept on globalThis under a registered symbol so that a customer script importing another copy of
// this package (the model directory's own node_modules) still reaches the same collector.
function state(): RegistrationState {
  const g = globalThis as { [kState]?: RegistrationState };
  return (g[kState] ??= { collecting: undefined, byUrl: new Map(), queue: Promise.resolve() });
}

function mark<F>(slot: MarkerSlot, fn: F, what: string): F {
  if (typeof fn !== "function") throw new TypeError(`${what} expects a function, got ${typeof fn}`);
  if (Object.isExtensible(fn)) Object.defineProperty(fn, kMarker, { value: slot, configurable: true });
  state().collecting?.push({ slot, fn: fn as Registration["fn"] });
  return fn;
}

/** Marks the customer's `/ping` handler (MHCS `@custom_ping_handler`); returns `fn` unchanged. */
export function customPingHandler<F extends Handler>(fn: F): F {
  return mark("ping", fn, "customPingHandler");
}

/** Marks the customer's `/invocations` handler (MHCS `@custom_invocation_handler`); returns `fn` unchanged. */
export function customInvocationHandler<F extends Handler>(fn: F): F {
  return mark("invocations", fn, "customInvocationHandler");
}

const MIDDLEWARE_NAMES = ["pre_post_process", "throttle"] as const;
export type MiddlewareName = (typeof MIDDLEWARE_NAMES)[number];

/** Marks a customer middleware for the `throttle` or `pre_post_process` slot (MHCS `@custom_middleware(name)`). */
export function customMiddleware(name: MiddlewareName): <F extends Middleware>(fn: F) => F {
  if (!(MIDDLEWARE_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `Failed to register middleware '${String(name)}': Middleware name '${String(name)}' is not allowed. Allowed names: ${MIDDLEWARE_NAMES.join(", ")}`,
    );
  }
  return (fn) => mark(name, fn, `customMiddleware("${name}")`);
}

/** Marks the customer's request pre-processor (MHCS `@input_formatter`): `(request) => Request | void`. */
export function inputFormatter<F extends InputFormatter>(fn: F): F {
  return mark("input", fn, "inputFormatter");
}

/** Marks the customer's response post-processor (MHCS `@output_formatter`): `(response) => Response | void`. */
export function outputFormatter<F extends OutputFormatter>(fn: F): F {
  return mark("output", fn, "outputFormatter");
}

export function markerOf(value: unknown): MarkerSlot | undefined {
  if (typeof value !== "function") return undefined;
  return (value as { [kMarker]?: MarkerSlot })[kMarker];
}

/**
 * Imports a customer module and returns what it registered. A module already in the runtime's cache
 * does not run again, so its registrations come from the record of its first import or, failing that,
 * from its marked exports.
 */
export async function importCollecting(
  url: string,
  load: () => Promise<unknown>,
): Promise<{ exports: Record<string, unknown>; registrations: Registration[] }> {
  const s = state();
  const run = s.queue.then(async () => {
    const collected: Registration[] = [];
    s.collecting = collected;
    try {
      const exports = (await load()) as Record<string, unknown>;
      if (collected.length > 0) s.byUrl.set(url, collected);
      return { exports, registrations: s.byUrl.get(url) ?? exportedRegistrations(exports) };
    } finally {
      s.collecting = undefined;
    }
  });
  s.queue = run.catch(() => undefined);
  return run;
}

function exportedRegistrations(exports: Record<string, unknown>): Registration[] {
  const found: Registration[] = [];
  for (const value of Object.values(exports ?? {})) {
    const slot = markerOf(value);
    if (slot) found.push({ slot, fn: value as Registration["fn"] });
  }
  return found;
}
