import { setClientSignal } from "../../src/internal.ts";

/**
 * Gives the pipeline `request.signal` filtered to "the client left before the response was delivered".
 * Deno, unless run with `--unstable-no-legacy-abort`, also aborts it after every successful response; it
 * resolves the handler info's `completed` just before that abort, so a check one microtask after the
 * abort tells the two apart. Nothing is built unless a handler asks for `context.signal`.
 */
export function filterLegacyAbort(request: Request, info: unknown): void {
  if (typeof info !== "object" || info === null || !("completed" in info)) return;
  setClientSignal(request, () => {
    const native = request.signal;
    const controller = new AbortController();
    let delivered = false;
    const completed = (info as { completed?: unknown }).completed;
    if (completed instanceof Promise) {
      completed.then(
        () => (delivered = true),
        () => undefined,
      );
    }
    const follow = (): void =>
      queueMicrotask(() => {
        if (!delivered) controller.abort(native.reason);
      });
    if (native.aborted) follow();
    else native.addEventListener("abort", follow, { once: true });
    return controller.signal;
  });
}
