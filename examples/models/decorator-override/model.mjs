// A customer script for examples/extensible.ts that marks its overrides in code (MHCS @custom_* decorators).
// It is found as SAGEMAKER_MODEL_PATH/model.mjs; no handler variables are needed.
import { customInvocationHandler, customPingHandler } from "model-hosting-container-standards";

/** Customer's custom ping, marked as the /ping override. */
customPingHandler(async function myCustomPing() {
  return { status: "healthy", source: "customer_decorator" };
});

/** Customer's custom invocations, marked as the /invocations override. */
customInvocationHandler(async function myCustomInvocations(request) {
  await request.json();
  return {
    predictions: ["Customer decorator response"],
    source: "customer_decorator",
  };
});
