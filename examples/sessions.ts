/**
 * Quick Start use case 3 (sticky sessions), as in the MHCS runbook's `session_server.py`.
 *   SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true npx tsx examples/sessions.ts
 *   curl -i -X POST localhost:8000/invocations -d '{"requestType": "NEW_SESSION"}'
 *   curl -X POST localhost:8000/invocations -H "X-Amzn-SageMaker-Session-Id: <id>" -d '{"prompt": "Hello in session"}'
 *   curl -i -X POST localhost:8000/invocations -H "X-Amzn-SageMaker-Session-Id: <id>" -d '{"requestType": "CLOSE"}'
 */
import { createSageMakerHandler, serve, statefulSessionManager } from "model-hosting-container-standards/node";

export const handler = createSageMakerHandler({
  ping: () => new Response("Healthy"),
  invocations: statefulSessionManager()(async (request, context) => {
    const body = (await request.json()) as { prompt?: string };
    const prompt = body.prompt ?? "";
    // context.session is set when the request carries a valid X-Amzn-SageMaker-Session-Id.
    const result = context.session ? `[Session ${context.session.id}] Processed: ${prompt}` : `Processed: ${prompt}`;
    return { predictions: [result] };
  }),
});

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("examples/sessions.ts")) {
  // The runbook's session_server.py listens on 8000; SAGEMAKER_BIND_TO_PORT or PORT, when set, win as everywhere.
  const portFromEnv = Boolean(process.env.SAGEMAKER_BIND_TO_PORT || process.env.PORT);
  await serve(handler, portFromEnv ? {} : { port: 8000 });
}
