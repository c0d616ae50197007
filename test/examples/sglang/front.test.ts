import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startExample, waitFor } from "../../support/process.ts";
import type { RunningExample } from "../../support/process.ts";
import { readSse } from "./_sse.ts";
import { startStandin } from "./_standin.ts";
import type { Standin } from "./_standin.ts";

let sglang: Standin;
let front: RunningExample;

const invoke = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${front.url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });

beforeAll(async () => {
  sglang = await startStandin();
  front = await startExample("examples/sglang/server.ts", { SGLANG_URL: sglang.url });
}, 90_000);

afterAll(async () => {
  await front?.stop();
  await sglang?.close();
});

beforeEach(() => {
  sglang.state.healthy = true;
  sglang.state.healthDelayMs = 0;
  sglang.state.chunkDelayMs = 0;
});

describe("SGLang front: /ping", () => {
  it("answers 200 with an empty body when SGLang's /health does", async () => {
    const response = await fetch(`${front.url}/ping`);
    expect([response.status, await response.text()]).toEqual([200, ""]);
    expect(sglang.state.requests.some((r) => r.path === "/health")).toBe(true);
  });

  it("answers 503 when SGLang reports unhealthy", async () => {
    sglang.state.healthy = false;
    const response = await fetch(`${front.url}/ping`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: "SGLang health check failed: /health answered 503" });
  });

  it("answers 503 within SageMaker's 2 s budget when SGLang's health check hangs", async () => {
    sglang.state.healthDelayMs = 10_000;
    const hangUps = sglang.state.healthHangUps.length;
    const response = await fetch(`${front.url}/ping`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: "SGLang health check timed out after 1500 ms (/health)" });
    // Timed where the health check waits, from its arrival to the front hanging up: the front's own
    // timer, not this test's round trip. 1500 ms leaves 500 ms of SageMaker's 2 s for a loaded machine.
    await waitFor(() => sglang.state.healthHangUps.length > hangUps, "the front to hang up on /health");
    expect(sglang.state.healthHangUps.at(-1)).toBeLessThan(2000);
  });
});

describe("SGLang front: /invocations dispatch by request shape", () => {
  it("sends a chat request to /v1/chat/completions", async () => {
    const response = await invoke({ messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; choices: Array<{ message: { content: string } }> };
    expect([body.object, body.choices[0]?.message.content]).toEqual(["chat.completion", "You said: hi"]);
    expect(sglang.state.requests.at(-1)?.path).toBe("/v1/chat/completions");
    expect(sglang.state.requests.at(-1)?.headers["content-type"]).toBe("application/json");
  });

  it("sends a completion request to /v1/completions", async () => {
    const body = (await (await invoke({ prompt: "the sky" })).json()) as { object: string; choices: Array<{ text: string }> };
    expect([body.object, body.choices[0]?.text]).toEqual(["text_completion", "You said: the sky"]);
    expect(sglang.state.requests.at(-1)?.path).toBe("/v1/completions");
  });

  it("sends a native request to /generate", async () => {
    const body = (await (await invoke({ text: "x", sampling_params: { max_new_tokens: 8 } })).json()) as { text: string };
    expect(body.text).toBe("You said: x");
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/generate", body: { text: "x", sampling_params: { max_new_tokens: 8 } } });
  });

  it("prefers chat when a body matches several shapes, like vLLM's first match", async () => {
    await invoke({ messages: [{ role: "user", content: "a" }], prompt: "b", text: "c" });
    expect(sglang.state.requests.at(-1)?.path).toBe("/v1/chat/completions");
  });

  it("answers 400 naming the expected shapes for anything else", async () => {
    const response = await invoke({ input: "x" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      detail:
        'Cannot find suitable handler for request. Expected one of: chat completions (a "messages" array), completions (a "prompt"), generate (a "text" or "input_ids")',
    });
    const notJson = await invoke("{not json");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { detail: string }).detail).toMatch(/^JSON decode error: /);
  });

  it("passes SGLang's own errors through with their status and shape", async () => {
    const response = await invoke({ text: "x", lora_path: "never-loaded" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: expect.stringContaining("not loaded: never-loaded") } });
  });
});

describe("SGLang front: streaming", () => {
  it("passes SSE through chunk by chunk, ending with data: [DONE]", async () => {
    sglang.state.chunkDelayMs = 100;
    const response = await invoke({ prompt: "one two three four five", stream: true });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: \{/);
    // The first chunk arrived while SGLang was still generating: nothing was buffered.
    expect(sglang.state.streaming).toBe(1);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("streams native /generate too", async () => {
    const events = await readSse(await invoke({ text: "a b", stream: true }));
    expect(events.at(-1)).toBe("[DONE]");
    expect((JSON.parse(events.at(-2) ?? "{}") as { text: string }).text).toBe("You said: a b");
  });

  it("cancels the SGLang request when the client disconnects", async () => {
    sglang.state.chunkDelayMs = 100;
    const before = sglang.state.aborted;
    const controller = new AbortController();
    const response = await invoke({ prompt: "w ".repeat(200), stream: true }, {}, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => sglang.state.aborted > before, "SGLang to see the stream cancelled", 20_000);
    await waitFor(() => sglang.state.streaming === 0, "the stream to end");
  });

  it("applies backpressure: a client that stops reading stops SGLang's writes", async () => {
    const response = await invoke({ prompt: "w ".repeat(60_000), stream: true });
    await new Promise((r) => setTimeout(r, 1500));
    // Tens of MB of SSE cannot fit in the socket buffers: SGLang is still blocked writing.
    expect(sglang.state.streaming).toBe(1);
    const events = await readSse(response);
    expect(events.at(-1)).toBe("[DONE]");
    expect(sglang.state.streaming).toBe(0);
  });
});

describe("SGLang front: SGLang's own routes", () => {
  it("forwards everything else to SGLang unchanged", async () => {
    const models = await fetch(`${front.url}/v1/models`);
    expect(((await models.json()) as { data: Array<{ id: string }> }).data[0]?.id).toBe("qwen/qwen2.5-0.5b-instruct");
    const chat = await fetch(`${front.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "direct" }] }),
    });
    expect(chat.status).toBe(200);
  });
});

describe("SGLang front: configuration", () => {
  it("answers 503 on /ping when SGLang is not reachable", async () => {
    const closed = await startStandin();
    const url = closed.url;
    await closed.close();
    const orphan = await startExample("examples/sglang/server.ts", { SGLANG_URL: url });
    try {
      const response = await fetch(`${orphan.url}/ping`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { detail: string }).detail).toContain(`SGLang is not reachable at ${url}`);
    } finally {
      await orphan.stop();
    }
  }, 90_000);

  it("refuses to start with a bad SGLANG_URL, naming the variable", async () => {
    await expect(startExample("examples/sglang/server.ts", { SGLANG_URL: "ftp://x" })).rejects.toThrow(
      "sglang front: SGLANG_URL must be an http:// or https:// URL, got 'ftp://x'",
    );
  }, 90_000);
});

describe("SGLang front: LoRA adapters", () => {
  it("maps POST /adapters to /load_lora_adapter {lora_name, lora_path}", async () => {
    const response = await fetch(`${front.url}/adapters`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "sql", src: "/adapters/sql" }),
    });
    expect([response.status, await response.text()]).toEqual([200, "Adapter sql registered"]);
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/load_lora_adapter", body: { lora_name: "sql", lora_path: "/adapters/sql", pinned: false } });
    expect(sglang.state.adapters.get("sql")).toBe("/adapters/sql");
  });

  it("passes SGLang's load failure on as its status with error_message as the detail", async () => {
    const response = await fetch(`${front.url}/adapters?name=broken&src=/adapters/missing`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ detail: "Failed to load LoRA adapter broken: Can't find '/adapters/missing'." });
  });

  it("injects the adapter as model='base:adapter' for chat and completions, naming the served model when absent", async () => {
    const headers = { "X-Amzn-SageMaker-Adapter-Identifier": "sql" };
    const chat = (await (await invoke({ model: "my-base", messages: [{ role: "user", content: "q" }] }, headers)).json()) as {
      choices: Array<{ message: { content: string } }>;
    };
    expect(chat.choices[0]?.message.content).toBe("[sql] You said: q");
    expect(sglang.state.requests.at(-1)?.body).toMatchObject({ model: "my-base:sql" });

    await invoke({ prompt: "p" }, headers);
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/v1/completions", body: { model: "qwen/qwen2.5-0.5b-instruct:sql" } });
  });

  it("selects the adapter with lora_path on the native /generate", async () => {
    const body = (await (await invoke({ text: "t" }, { "X-Amzn-SageMaker-Adapter-Identifier": "sql" })).json()) as { text: string };
    expect(body.text).toBe("[sql] You said: t");
    const sent = sglang.state.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.lora_path).toBe("sql");
    expect(sent.model).toBeUndefined();
  });

  it("maps DELETE /adapters/{name} to /unload_lora_adapter", async () => {
    const response = await fetch(`${front.url}/adapters/sql`, { method: "DELETE" });
    expect([response.status, await response.text()]).toEqual([200, "Adapter sql unregistered"]);
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/unload_lora_adapter", body: { lora_name: "sql" } });
    const again = await fetch(`${front.url}/adapters/sql`, { method: "DELETE" });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ detail: "LoRA adapter sql is not loaded." });
  });
});

describe("SGLang front: sessions on SGLang's /open_session and /close_session", () => {
  const sessionRequest = (requestType: string, id?: string) =>
    invoke({ requestType }, id ? { "X-Amzn-SageMaker-Session-Id": id } : {});

  it("creates, uses and closes an SGLang session through SageMaker's protocol", async () => {
    const created = await sessionRequest("NEW_SESSION");
    expect(created.status).toBe(200);
    const header = created.headers.get("X-Amzn-SageMaker-New-Session-Id") ?? "";
    expect(header).toMatch(/^[0-9a-f]{32}; Expires=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const id = header.split(";")[0] as string;
    expect(sglang.state.sessions.has(id)).toBe(true);
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/open_session", body: { capacity_of_str_len: 65536 } });

    const used = await invoke({ text: "in session" }, { "X-Amzn-SageMaker-Session-Id": id });
    expect(used.status).toBe(200);
    expect(sglang.state.requests.at(-1)?.body).toMatchObject({ text: "in session", session_params: { id } });

    const closed = await sessionRequest("CLOSE", id);
    expect(closed.status).toBe(200);
    expect(closed.headers.get("X-Amzn-SageMaker-Closed-Session-Id")).toBe(id);
    expect(sglang.state.requests.at(-1)).toMatchObject({ path: "/close_session", body: { session_id: id } });
    expect(sglang.state.sessions.has(id)).toBe(false);

    const stale = await invoke({ text: "after close" }, { "X-Amzn-SageMaker-Session-Id": id });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: { message: `Invalid request: session id ${id} does not exist` } });
  });

  it("answers 400 for CLOSE without a session id, without calling SGLang", async () => {
    const before = sglang.state.requests.length;
    const response = await sessionRequest("CLOSE");
    expect(response.status).toBe(400);
    expect(sglang.state.requests.slice(before).some((r) => r.path === "/close_session")).toBe(false);
  });
});
