/**
 * The demo engine `npm start` runs: an echo "model" behind a SageMaker-compatible server on port 8080.
 * Try: curl localhost:8080/ping ; curl -X POST localhost:8080/invocations -d '{"prompt":"hi"}'
 */
import { createSageMakerHandler, serve, statefulSessionManager } from "model-hosting-container-standards/node";
import type { SageMakerConfig } from "model-hosting-container-standards/node";

const startedAt = Date.now();

export const config = {
  // Framework defaults (MHCS @register_ping_handler / @register_invocation_handler).
  ping: () => ({ status: "healthy" }),
  // Sticky sessions outermost, as vLLM has it (on when SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true).
  invocations: statefulSessionManager()(async (request, context) => {
    const body = (await request.json().catch(() => null)) as { prompt?: unknown; model?: unknown } | null;
    return {
      model: body?.model ?? "echo-base",
      output: typeof body?.prompt === "string" ? body.prompt : null,
      uptime_ms: Date.now() - startedAt,
      ...(context.session ? { session_id: context.session.id } : {}),
    };
  }),
  // The engine's own routes.
  fallback: (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/v1/models") return Response.json({ data: [{ id: "echo-base" }] });
    return Response.json({ detail: "Not Found" }, { status: 404 });
  },
} satisfies SageMakerConfig;

export const handler = createSageMakerHandler(config);

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("examples/full.ts")) {
  await serve(handler);
}
