/**
 * A SageMaker adapter inference component lifecycle against examples/full.ts, which wires the echo
 * engine exactly as vLLM wires MHCS (shapes `lora_name <- body.name`, `lora_path <- body.src`,
 * `load_inplace <- body.load_inplace || \`false\``, unload `lora_name <- path_params.adapter_name`;
 * invocations wrapped in `injectAdapterId("model")`). Runs in process and over a real Node socket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { adapters, generate, handler } from "../../examples/full.ts";
import { createSageMakerHandler } from "../../src/handler.ts";
import { injectAdapterId } from "../../src/index.ts";
import { TRANSPORTS, issuesOf, jsonCall, silentLogger, start } from "./_client.ts";
import type { Client, Started } from "./_client.ts";

const ID = "X-Amzn-SageMaker-Adapter-Identifier";

describe.each(TRANSPORTS)("vLLM-style adapter lifecycle over %s", (transport) => {
  let server: Started;
  let call: Client;

  beforeAll(async () => {
    server = await start(handler, transport, { keepOpen: true });
    call = server.client;
  });
  afterAll(() => server.close());
  beforeEach(() => adapters.clear());

  const models = async () => ((await call("GET", "/v1/models")).json as { data: Array<{ id: string; root: string; parent: string | null }> }).data;

  test("register, invoke (replace mode), unregister", async () => {
    const registered = await call("POST", "/adapters", jsonCall({ name: "a1", src: "/opt/ml/models/a1" }));
    expect([registered.status, registered.text]).toEqual([200, "Adapter a1 registered"]);
    expect(await models()).toContainEqual({ id: "a1", root: "/opt/ml/models/a1", parent: "echo-base" });

    // vLLM's test sends a completion body without `model`: the header supplies it.
    const invoked = await call("POST", "/invocations", jsonCall({ prompt: "hi" }, { [ID]: "a1" }));
    expect(invoked.status).toBe(200);
    expect(invoked.json).toMatchObject({ model: "a1", adapter: "a1", output: "hi" });

    const base = await call("POST", "/invocations", jsonCall({ prompt: "hi" }));
    expect(base.json).toMatchObject({ model: "echo-base", adapter: null });

    const unregistered = await call("DELETE", "/adapters/a1");
    expect([unregistered.status, unregistered.text]).toEqual([200, "Adapter a1 unregistered"]);
    expect((await models()).map((model) => model.id)).toEqual(["echo-base"]);
  });

  test("the alias header names the adapter in both messages", async () => {
    const alias = { "X-Amzn-SageMaker-Adapter-Alias": "friendly" };
    expect((await call("POST", "/adapters", jsonCall({ name: "a2", src: "/s" }, alias))).text).toBe("Adapter friendly registered");
    expect((await call("DELETE", "/adapters/a2", { headers: alias })).text).toBe("Adapter friendly unregistered");
  });

  test("the registration may come in the query string (MHCS #41)", async () => {
    const answer = await call("POST", "/adapters?name=q1&src=%2Fopt%2Fml%2Fq1&preload=false");
    expect([answer.status, answer.text]).toEqual([200, "Adapter q1 registered"]);
    expect(adapters.get("q1")).toBe("/opt/ml/q1");
  });

  test("engine errors pass through: a second load is the engine's 400, an unknown unload its 404", async () => {
    await call("POST", "/adapters", jsonCall({ name: "a3", src: "/s" }));
    const again = await call("POST", "/adapters", jsonCall({ name: "a3", src: "/s" }));
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: { message: "The lora adapter 'a3' has already been loaded.", type: "BadRequestError", code: 400 } });

    // load_inplace is not a SageMaker field: validation drops it, so vLLM's `|| false` default always applies.
    const inplace = await call("POST", "/adapters", jsonCall({ name: "a3", src: "/s2", load_inplace: true }));
    expect(inplace.status).toBe(400);

    const unknown = await call("DELETE", "/adapters/never-loaded");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { message: "The lora adapter 'never-loaded' cannot be found.", type: "NotFoundError", code: 404 } });
  });

  test("invoking an adapter that is not loaded is the engine's 404", async () => {
    const answer = await call("POST", "/invocations", jsonCall({ prompt: "hi" }, { [ID]: "ghost" }));
    expect(answer.status).toBe(404);
    expect((answer.json as { error: { message: string } }).error.message).toBe("The model `ghost` does not exist.");
  });

  test("malformed requests are 4xx naming the problem", async () => {
    expect(issuesOf(await call("POST", "/adapters", jsonCall({ name: "a4" })))[0]).toMatchObject({ loc: ["src"], msg: "Field required" });
    expect(issuesOf(await call("POST", "/adapters", jsonCall({ name: "", src: "/s" })))[0]?.msg).toBe(
      "Value error, The parameter name cannot be an empty string",
    );
    expect(issuesOf(await call("POST", "/adapters", jsonCall({ name: "a/b", src: "/s" })))[0]?.msg).toMatch(/'\/'/);
    const badDelete = await call("DELETE", "/adapters/a%2Fb");
    expect(badDelete.status).toBe(400);
    const badBody = await call("POST", "/invocations", { body: "{not json", headers: { [ID]: "a1" } });
    expect(badBody.status).toBe(400);
    expect((badBody.json as { detail: string }).detail).toMatch(/^JSON decode error/);
    const notObject = await call("POST", "/invocations", { body: "[1]", headers: { [ID]: "a1" } });
    expect(notObject.status).toBe(400);
    expect(adapters.size).toBe(0);
  });

  test("five adapters load and unload in a loop (vLLM's test)", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await call("POST", "/adapters", jsonCall({ name: `loop-${i}`, src: `/s/${i}` }))).status).toBe(200);
    }
    expect((await models()).length).toBe(6);
    for (let i = 0; i < 5; i++) {
      expect((await call("DELETE", `/adapters/loop-${i}`)).text).toBe(`Adapter loop-${i} unregistered`);
    }
    expect((await models()).length).toBe(1);
  });
});

describe.each(TRANSPORTS)("append mode (SGLang's model=base:adapter) over the same engine, %s", (transport) => {
  let server: Started;
  let call: Client;

  beforeAll(async () => {
    const appending = createSageMakerHandler({
      logger: silentLogger,
      invocations: injectAdapterId("model", { append: true, separator: ":" })(generate),
    });
    server = await start(appending, transport);
    call = server.client;
  });
  afterAll(() => server.close());
  beforeEach(() => adapters.clear());

  test("the identifier is appended to the base model", async () => {
    adapters.set("a1", "/s");
    const answer = await call("POST", "/invocations", jsonCall({ model: "echo-base", prompt: "hi" }, { [ID]: "a1" }));
    expect(answer.json).toMatchObject({ model: "echo-base:a1", adapter: "a1", output: "hi" });
    const noHeader = await call("POST", "/invocations", jsonCall({ model: "echo-base", prompt: "hi" }));
    expect(noHeader.json).toMatchObject({ model: "echo-base", adapter: null });
    const unknown = await call("POST", "/invocations", jsonCall({ model: "echo-base" }, { [ID]: "ghost" }));
    expect(unknown.status).toBe(404);
  });
});
