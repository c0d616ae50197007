import type { RunningServer, ServeOptions } from "../server/listen.ts";
import { serveUntilStopped, startServing, timedOut } from "../server/serve-lifecycle.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { answererOf } from "../../src/internal.ts";
import { useStandInRequests } from "../server/fetch-globals.ts";
import { processHost } from "../server/process-host.ts";
import { bunGlobal } from "./bun-global.ts";
import { bunPlatform } from "./platform.ts";
import { installBunTextResponses } from "./text-responses.ts";

// The core enforces the body limit (413 JSON, identical on every runtime); Bun's own cap (128 MiB by
// default, answered by Bun itself) must never cut in first, whatever SAGEMAKER_MAX_PAYLOAD_IN_MB says.
const UNLIMITED_BODY = Number.MAX_SAFE_INTEGER;
// Keep-alive connections with no request in flight may idle this long (Bun's maximum).
const IDLE_CONNECTION_SECONDS = 255;

/**
 * Serves a handler (or a config) on Bun: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const bun = bunGlobal();
  const host = processHost();
  const { handler, ...address } = await startServing(handlerOrConfig, bunPlatform(), options, host);

  const answer = answererOf(handler);
  // Handlers behind the wrappers get stand-in copies from here on (runtimes/server/fetch-globals.ts).
  useStandInRequests();
  installBunTextResponses();
  // Only `fetch` and plain options: spreading an object with a `routes` property into Bun.serve breaks it.
  const server = bun.serve({
    port: address.port,
    hostname: address.hostname,
    idleTimeout: IDLE_CONNECTION_SECONDS,
    maxRequestBodySize: UNLIMITED_BODY,
    fetch(request, bunServer) {
      // A 60 s invocation or a quiet stream must not be cut at Bun's idle timeout.
      bunServer.timeout(request, 0);
      return answer(request);
    },
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: server.port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      if (await timedOut(server.stop(), drainTimeoutMs)) await server.stop(true);
    },
  });
}
