/**
 * The demo engine `npm start` runs: an echo "model" behind a SageMaker-compatible server on port 8080.
 * Try: curl localhost:8080/ping ; curl -X POST localhost:8080/invocations -d '{"prompt":"hi"}'
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";

const startedAt = Date.now();

export const handler = createSageMakerHandler({
  // Framework defaults (MHCS @register_ping_handler / @register_invocation_handler).
  ping: () => ({ status: "healthy" }),
  invocations: async (request) => {
    const body = (await request.json().catch(() => null)) as { prompt?: unknown; model?: unknown } | null;
    return {
      model: body?.model ?? "echo-base",
      output: typeof body?.prompt === "string" ? body.prompt : null,
      uptime_ms: Date.now() - startedAt,
    };
  },
  // The engine's own routes.
  fallback: (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/v1/models") return Response.json({ data: [{ id: "echo-base" }] });
    return Response.json({ detail: "Not Found" }, { status: 404 });
  },
});

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("examples/full.ts")) {
  await serve(handler);
}
