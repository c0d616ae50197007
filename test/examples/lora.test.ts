/**
 * examples/lora.ts reproduces Quick Start use case 2 of the MHCS runbook, with SageMaker's real register
 * body `{"name", "src"}` (the runbook's curl sends `{"adapter_name", "adapter_path"}`).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { handler, loadedAdapters } from "../../examples/lora.ts";
import { TRANSPORTS, issuesOf, jsonCall, start } from "../lora/_client.ts";
import type { Client, Started } from "../lora/_client.ts";

describe.each(TRANSPORTS)("Quick Start use case 2 over %s", (transport) => {
  let server: Started;
  let call: Client;

  beforeAll(async () => {
    loadedAdapters.clear();
    server = await start(handler, transport, { keepOpen: true });
    call = server.client;
  });
  afterAll(() => server.close());

  test("load, invoke with the adapter header, unload: the runbook's expected outputs", async () => {
    expect((await call("GET", "/ping")).text).toBe("Healthy");

    const load = await call("POST", "/adapters", jsonCall({ name: "my-adapter", src: "/tmp/adapter" }));
    expect([load.status, load.json]).toEqual([200, { status: "success", adapter_name: "my-adapter" }]);
    expect(loadedAdapters.get("my-adapter")).toEqual({ path: "/tmp/adapter", loaded: true });

    const invoke = await call("POST", "/invocations", jsonCall({ prompt: "Hello with adapter" }, { "X-Amzn-SageMaker-Adapter-Identifier": "my-adapter" }));
    expect(invoke.json).toEqual({ predictions: ["[my-adapter] Processed: Hello with adapter"], adapter_used: "my-adapter" });

    const plain = await call("POST", "/invocations", jsonCall({ prompt: "Hello" }));
    expect(plain.json).toEqual({ predictions: ["[base-model] Processed: Hello"], adapter_used: "base-model" });

    const unload = await call("DELETE", "/adapters/my-adapter");
    expect([unload.status, unload.json]).toEqual([200, { status: "success", adapter_name: "my-adapter" }]);
    expect((await call("DELETE", "/adapters/my-adapter")).json).toEqual({ status: "not_found", adapter_name: "my-adapter" });
  });

  test("the runbook's own curl body is a 400 naming the missing SageMaker fields", async () => {
    const answer = await call("POST", "/adapters", jsonCall({ adapter_name: "my-adapter", adapter_path: "/tmp/adapter" }));
    expect(answer.status).toBe(400);
    expect(issuesOf(answer).map((issue) => [issue.loc, issue.msg])).toEqual([
      [["name"], "Field required"],
      [["src"], "Field required"],
    ]);
  });
});
