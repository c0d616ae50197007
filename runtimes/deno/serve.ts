import type { RunningServer, ServeOptions } from "../server/listen.ts";
import { useStandInRequests } from "../server/fetch-globals.ts";
import { serveUntilStopped, startServing, timedOut } from "../server/serve-lifecycle.ts";
import type { ServeHost } from "../server/serve-lifecycle.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { answererOf } from "../../src/internal.ts";
import { filterLegacyAbort } from "./client-signal.ts";
import { denoGlobal } from "./deno-global.ts";
import type { DenoGlobal, DenoHttpServer } from "./deno-global.ts";
import { denoPlatform } from "./platform.ts";

function denoHost(deno: DenoGlobal, readEnv: () => ServeHost["env"]): ServeHost {
  return {
    // Read when needed, inside startServing's error handling: without --allow-env it throws a message naming the flag.
    get env() {
      return readEnv();
    },
    exit: (code) => deno.exit(code),
    onStopSignals(listener) {
      deno.addSignalListener("SIGTERM", listener);
      deno.addSignalListener("SIGINT", listener);
      return () => {
        deno.removeSignalListener("SIGTERM", listener);
        deno.removeSignalListener("SIGINT", listener);
      };
    },
  };
}

/**
 * Serves a handler (or a config) on Deno: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const deno: DenoGlobal = denoGlobal();
  const platform = denoPlatform();
  const host = denoHost(deno, () => platform.readEnv());
  const { handler, ...address } = await startServing(handlerOrConfig, platform, options, host);

  const answer = answererOf(handler);
  // Handlers behind the wrappers get stand-in copies from here on (runtimes/server/fetch-globals.ts).
  useStandInRequests();
  const server = await new Promise<DenoHttpServer>((resolve) => {
    const started = deno.serve({
      port: address.port,
      hostname: address.hostname,
      // Replaces Deno's own "Listening on" line; we announce once below.
      onListen: () => queueMicrotask(() => resolve(started)),
      handler: (request, info) => {
        filterLegacyAbort(request, info);
        return answer(request);
      },
    });
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: server.addr.port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      // Deno has no "close all connections"; past the drain timeout the signal path exits the process.
      await timedOut(server.shutdown(), drainTimeoutMs);
    },
  });
}
