/**
 * The Workers types the workers entry uses, typed structurally (as srvx does) so neither this package
 * nor its users need `@cloudflare/workers-types`.
 */

/** The `ctx` argument of a Workers `fetch`. */
export interface WorkersExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** A Workers module's default export. */
export interface WorkersExportedHandler<E = unknown> {
  fetch(request: Request, env: E, ctx: WorkersExecutionContext): Promise<Response>;
}
