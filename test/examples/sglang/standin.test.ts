import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandin } from "./_standin.ts";
import type { Standin } from "./_standin.ts";
import { readSse } from "./_sse.ts";

let sglang: Standin;
const post = (path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${sglang.url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

beforeAll(async () => {
  sglang = await startStandin();
});
afterAll(async () => {
  await sglang.close();
});

describe("SGLang stand-in: the shapes the front relies on", () => {
  it("health answers 200 with an empty body, 503 when unhealthy", async () => {
    const ok = await fetch(`${sglang.url}/health`);
    expect([ok.status, await ok.text()]).toEqual([200, ""]);
    sglang.state.healthy = false;
    const bad = await fetch(`${sglang.url}/health_generate`);
    sglang.state.healthy = true;
    expect([bad.status, await bad.text()]).toEqual([503, ""]);
  });

  it("chat completions: OpenAI shape, content type enforced, messages required", async () => {
    const response = await post("/v1/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }] });
    const body = (await response.json()) as { object: string; choices: Array<{ message: { content: string } }> };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]?.message.content).toBe("You said: hi");

    const wrongType = await post("/v1/chat/completions", { messages: [] }, { "content-type": "text/plain" });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { message: string }).message).toContain("Only 'application/json' is allowed");

    const missing = await post("/v1/chat/completions", { prompt: "x" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ object: "error", code: 400, message: expect.stringContaining("'messages'") });
  });

  it("streams SSE chunks and ends with data: [DONE]", async () => {
    const response = await post("/v1/completions", { prompt: "one two", stream: true });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(response);
    expect(events.at(-1)).toBe("[DONE]");
    const text = events.slice(0, -1).map((e) => (JSON.parse(e) as { choices: Array<{ text: string }> }).choices[0]?.text).join("");
    expect(text).toBe("You said: one two");
  });

  it("native /generate: text required, streaming with cumulative text", async () => {
    const bad = await post("/generate", { sampling_params: {} });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { message: "Either text, input_ids or input_embeds should be provided." } });
    const events = await readSse(await post("/generate", { text: "a b", stream: true }));
    const last = JSON.parse(events.at(-2) ?? "{}") as { text: string; meta_info: { finish_reason: { type: string } } };
    expect(last.text).toBe("You said: a b");
    expect(last.meta_info.finish_reason.type).toBe("stop");
  });

  it("LoRA: load, select with base:adapter, unload; failures are 400 with success=false", async () => {
    const load = await post("/load_lora_adapter", { lora_name: "sql", lora_path: "/adapters/sql" });
    expect(await load.json()).toEqual({ success: true, error_message: null, loaded_adapters: { sql: "/adapters/sql" } });
    const again = await post("/load_lora_adapter", { lora_name: "sql", lora_path: "/adapters/sql" });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ success: false });

    const chat = await post("/v1/chat/completions", { model: "base:sql", messages: [{ role: "user", content: "q" }] });
    expect(((await chat.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe("[sql] You said: q");
    const unknown = await post("/v1/chat/completions", { model: "base:nope", messages: [{ role: "user", content: "q" }] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain("not loaded: nope");

    expect((await post("/unload_lora_adapter", { lora_name: "sql" })).status).toBe(200);
    const gone = await post("/unload_lora_adapter", { lora_name: "sql" });
    expect(gone.status).toBe(400);
  });

  it("sessions: open returns a JSON string id, duplicates are 400, close is 200", async () => {
    const opened = await post("/open_session", { capacity_of_str_len: 1024 });
    const id = (await opened.json()) as string;
    expect(typeof id).toBe("string");
    const dup = await post("/open_session", { capacity_of_str_len: 1024, session_id: id });
    expect(dup.status).toBe(400);
    const used = await post("/generate", { text: "x", session_params: { id } });
    expect(used.status).toBe(200);
    const closed = await post("/close_session", { session_id: id });
    expect([closed.status, await closed.text()]).toEqual([200, ""]);
    const stale = await post("/generate", { text: "x", session_params: { id } });
    expect(stale.status).toBe(400);
  });
});
