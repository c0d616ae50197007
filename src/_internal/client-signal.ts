/**
 * A shim whose runtime's `request.signal` also aborts when nothing went wrong (Deno's legacy abort after
 * every successful response) registers here how to get a signal that aborts only when the client left.
 */
// A property on the request, not a WeakMap entry: one weak-collection insert per request was the largest
// JavaScript cost of a Deno /ping (V8's ephemeron tables, at insertion and at every GC).
const CLIENT_SIGNAL = Symbol("clientSignal");

type WithClientSignal = Request & { [CLIENT_SIGNAL]?: () => AbortSignal };

export function setClientSignal(request: Request, signal: () => AbortSignal): void {
  (request as WithClientSignal)[CLIENT_SIGNAL] = signal;
}

/** The signal that aborts when this request's client goes away before its response is complete. */
export function clientSignalOf(request: Request): AbortSignal {
  const own = (request as WithClientSignal)[CLIENT_SIGNAL];
  return own === undefined ? request.signal : own();
}
