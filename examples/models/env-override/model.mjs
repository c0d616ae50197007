// A customer script for examples/extensible.ts, named by environment variables:
//   CUSTOM_FASTAPI_PING_HANDLER=model.mjs:custom_ping_handler
//   CUSTOM_FASTAPI_INVOCATION_HANDLER=model.mjs:custom_invocation_handler

/** Customer's custom ping handler. */
export async function custom_ping_handler() {
  return { status: "healthy", source: "customer_env_var" };
}

/** Customer's custom invocation handler. */
export async function custom_invocation_handler(request) {
  await request.json();
  return {
    predictions: ["Customer override response"],
    source: "customer_env_var",
  };
}
