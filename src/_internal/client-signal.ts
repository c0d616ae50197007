/**
 * A shim whose runtime's `request.signal` also aborts when nothing went wrong (Deno's legacy abort after
 * every successful response) registers here how to get a signal that aborts only when the client left.
 */
const clientSignals = new WeakMap<Request, () => AbortSignal>();

export function setClientSignal(request: Request, signal: () => AbortSignal): void {
  clientSignals.set(request, signal);
}

/** The signal that aborts when this request's client goes away before its response is complete. */
export function clientSignalOf(request: Request): AbortSignal {
  const own = clientSignals.get(request);
  return own === undefined ? request.signal : own();
}
