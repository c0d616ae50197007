/**
 * Minimal SageMaker container: replace the two handlers with calls to your engine.
 * Run: npx tsx minimal.ts   (listens on SAGEMAKER_BIND_TO_PORT, else PORT, else 8080)
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";

const handler = createSageMakerHandler({
  // 200 when the engine can serve; answer within SageMaker's 2 s.
  ping: () => undefined,
  // Pass context.signal to the engine so a disconnected client stops the work.
  invocations: async (request, context) => {
    const body = (await request.json()) as { prompt?: string };
    context.signal.throwIfAborted();
    return { generated_text: `echo: ${body.prompt ?? ""}` };
  },
});

await serve(handler);
