/**
 * The engine of the example image: a SageMaker-compatible server on port 8080 (SAGEMAKER_BIND_TO_PORT / PORT
 * override it). The customer's /opt/ml/model/model.mjs overrides /invocations through its
 * `custom_sagemaker_invocation_handler` export; without one, this echo handler answers.
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";

const handler = createSageMakerHandler({
  ping: () => ({ status: "healthy" }),
  invocations: async (request) => {
    const body = await request.json().catch(() => null);
    return { model: "echo-base", output: typeof body?.prompt === "string" ? body.prompt : null };
  },
});

await serve(handler);
