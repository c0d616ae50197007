/**
 * The llama.cpp example as SageMaker sees it: the real server process (node-llama-cpp's CPU build) on a
 * generated GGUF model, over HTTP. The base model's text is gibberish (random weights), so answers are
 * compared with each other, and the word adapters make the model repeat one word.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningExample } from "../../support/process.ts";
import { client, ensureLlamaDependencies, makeTinyModels, sseEvents, startLlama } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

let models: TinyModels;
let server: RunningExample;
let api: ReturnType<typeof client>;

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}
interface ChatAnswer {
  object: string;
  model: string;
  choices: Array<{ message: { role: string; content: string }; finish_reason: string }>;
  usage: Usage;
}
interface CompletionAnswer {
  object: string;
  model: string;
  choices: Array<{ text: string; finish_reason: string }>;
  usage: Usage;
}
interface Chunk {
  object: string;
  choices: Array<{ delta?: { content?: string }; text?: string; finish_reason: string | null }>;
  usage?: Usage;
}

const user = (content: string) => ({ role: "user", content });
const words = (word: string) => new RegExp(`^\\s*${word}(\\s+${word})*\\s*$`);

beforeAll(async () => {
  ensureLlamaDependencies();
  models = makeTinyModels();
  server = await startLlama(models.modelDir, {
    SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true",
    SAGEMAKER_SESSIONS_PATH: join(models.dir, "sessions"),
    // Past the model's training size (512): room for a generation long enough to be cut short.
    LLAMA_CONTEXT_SIZE: "4096",
  });
  api = client(server.url);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  models?.remove();
});

describe("llama.cpp engine: startup and the library's routes", () => {
  it("is healthy on /ping once the model is loaded, and says which file it loaded", async () => {
    const response = await fetch(`${server.url}/ping`);
    expect([response.status, await response.json()]).toEqual([200, { status: "healthy" }]);
    expect(server.output()).toContain(models.modelFile);
  });
});

describe("llama.cpp engine: /invocations request formats", () => {
  it("answers an OpenAI chat body with a chat.completion", async () => {
    const response = await api.invoke({ messages: [user("hi")], max_tokens: 8 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChatAnswer;
    expect(body.object).toBe("chat.completion");
    expect(body.model).toBe("tiny-llama");
    expect(body.choices[0]?.message.role).toBe("assistant");
    expect(typeof body.choices[0]?.message.content).toBe("string");
    // Random weights may reach an end-of-generation token first: then "stop" with fewer tokens.
    const finish = body.choices[0]?.finish_reason;
    expect(finish === "length" ? body.usage.completion_tokens === 8 : finish === "stop" && body.usage.completion_tokens < 8).toBe(true);
    expect(body.usage.prompt_tokens).toBeGreaterThan(1);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(body.usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(0);
  });

  it("answers an OpenAI completion body with a text_completion, and an LMI body with the same text", async () => {
    const completion = (await (await api.invoke({ prompt: "one two three", max_tokens: 12 })).json()) as CompletionAnswer;
    expect(completion.object).toBe("text_completion");
    expect(completion.usage.completion_tokens).toBeLessThanOrEqual(12);
    const lmi = await api.invoke({ inputs: "one two three", parameters: { max_new_tokens: 12 } });
    expect(lmi.status).toBe(200);
    // Greedy decoding by default: the same prompt gives the same text in either format.
    expect(await lmi.json()).toEqual({ generated_text: completion.choices[0]?.text });
  });

  it("streams chat as chat.completion.chunk events ending with usage and [DONE], the same text as unstreamed", async () => {
    const request = { messages: [user("tell me")], max_tokens: 10 };
    const whole = (await (await api.invoke(request)).json()) as ChatAnswer;
    const response = await api.invoke({ ...request, stream: true });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await sseEvents(response);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Chunk);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("")).toBe(whole.choices[0]?.message.content);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe(whole.choices[0]?.finish_reason);
    expect(chunks.at(-1)?.usage).toEqual({ ...whole.usage, prompt_tokens_details: chunks.at(-1)?.usage?.prompt_tokens_details });
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("streams completion and LMI (stream in parameters) as text_completion events", async () => {
    const whole = (await (await api.invoke({ inputs: "a b c", parameters: { max_new_tokens: 9 } })).json()) as { generated_text: string };
    for (const body of [
      { prompt: "a b c", max_tokens: 9, stream: true },
      { inputs: "a b c", parameters: { max_new_tokens: 9, stream: true } },
    ]) {
      const events = await sseEvents(await api.invoke(body));
      expect(events.at(-1)).toBe("[DONE]");
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Chunk);
      expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
      expect(chunks.map((chunk) => chunk.choices[0]?.text).join("")).toBe(whole.generated_text);
    }
  });

  it("ignore_eos generates up to max_tokens past end-of-generation tokens, as vLLM's and SGLang's do", async () => {
    // Greedy decoding on random weights: some prompts reach an end-of-generation token early.
    let early: { prompt: string; answer: CompletionAnswer } | undefined;
    for (let index = 1; index <= 40 && early === undefined; index++) {
      const prompt = `${index} tell me a story about the sea`;
      const answer = (await (await api.invoke({ prompt, max_tokens: 48 })).json()) as CompletionAnswer;
      if (answer.choices[0]?.finish_reason === "stop") early = { prompt, answer };
    }
    expect(early, "no prompt reached an end-of-generation token; the check below would prove nothing").toBeDefined();
    expect(early!.answer.usage.completion_tokens).toBeLessThan(48);
    const forced = (await (await api.invoke({ prompt: early!.prompt, max_tokens: 48, ignore_eos: true })).json()) as CompletionAnswer;
    expect([forced.usage.completion_tokens, forced.choices[0]?.finish_reason]).toEqual([48, "length"]);
    const events = (await sseEvents(await api.invoke({ prompt: early!.prompt, max_tokens: 48, ignore_eos: true, stream: true })))
      .filter((event) => event !== "[DONE]")
      .map((event) => JSON.parse(event) as Chunk);
    expect(events.find((event) => event.usage)?.usage?.completion_tokens).toBe(48);
    expect(events.map((event) => event.choices[0]?.finish_reason).filter(Boolean)).toEqual(["length"]);
    const plain = (await (await api.invoke({ prompt: early!.prompt, max_tokens: 48, ignore_eos: false })).json()) as CompletionAnswer;
    expect(plain.usage.completion_tokens).toBe(early!.answer.usage.completion_tokens);
  });

  it("answers a bad body with 400 naming the field, and keeps serving", async () => {
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /^JSON decode error/],
      [[1, 2], /JSON object/],
      [{ hello: 1 }, /messages .*prompt .*inputs/],
      [{ messages: "hi" }, /^messages must be/],
      [{ messages: [{ role: "robot", content: "x" }] }, /^messages\[0\]\.role/],
      [{ messages: [user("x")], max_tokens: 0 }, /^max_tokens/],
      [{ messages: [user("x")], temperature: 9 }, /^temperature/],
      [{ prompt: 42 }, /^prompt must be a string/],
      [{ inputs: "x", parameters: { max_new_tokens: "many" } }, /^parameters\.max_new_tokens/],
      [{ inputs: "x", parameters: [] }, /^parameters must be an object/],
      [{ prompt: "x", stop: [""] }, /^stop/],
      [{ prompt: "x", ignore_eos: "yes" }, /^ignore_eos/],
    ];
    for (const [body, detail] of cases) {
      const response = await api.invoke(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    }
    expect((await api.invoke({ prompt: "still here", max_tokens: 2 })).status).toBe(200);
  });

  it("rejects a prompt longer than a context with 400 naming LLAMA_CONTEXT_SIZE", async () => {
    const response = await api.invoke({ prompt: "word ".repeat(5000), max_tokens: 2 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/LLAMA_CONTEXT_SIZE/);
  });
});

describe("llama.cpp engine: its own routes (itty-router as fallback)", () => {
  it("serves /v1/chat/completions, /v1/completions, /v1/models and /health, and 404 elsewhere", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const chat = (await (await post("/v1/chat/completions", { messages: [user("hi")], max_tokens: 3 })).json()) as ChatAnswer;
    expect(chat.object).toBe("chat.completion");
    expect(chat.usage.completion_tokens).toBeLessThanOrEqual(3);
    const completion = (await (await post("/v1/completions", { prompt: "hi", max_tokens: 3 })).json()) as CompletionAnswer;
    expect(completion.object).toBe("text_completion");
    const bad = await post("/v1/completions", { prompt: 1 });
    expect([bad.status, await bad.json()]).toEqual([400, { detail: "prompt must be a string" }]);
    const listed = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(listed.data[0]?.id).toBe("tiny-llama");
    expect((await api.health()).status).toBe("ok");
    const missing = await fetch(`${server.url}/v2/nothing`);
    expect([missing.status, await missing.json()]).toEqual([404, { detail: "Not Found" }]);
  });
});

describe("llama.cpp engine: LoRA adapters", () => {
  it("loads adapters and selects one per request with X-Amzn-SageMaker-Adapter-Identifier", async () => {
    const loaded = await api.loadAdapter("hello", models.adapter("hello"));
    expect([loaded.status, await loaded.text()]).toEqual([200, "Adapter hello registered"]);
    // `src` may also be a directory holding the adapter.
    const dir = join(models.dir, "sagemaker-adapter");
    mkdirSync(dir);
    copyFileSync(models.adapter("SageMaker"), join(dir, "adapter.gguf"));
    expect((await api.loadAdapter("sm", dir)).status).toBe(200);

    const hello = (await (await api.invoke({ prompt: "one two", max_tokens: 6 }, { "X-Amzn-SageMaker-Adapter-Identifier": "hello" })).json()) as CompletionAnswer;
    expect(hello.choices[0]?.text).toMatch(words("hello"));
    expect(hello.model).toBe("hello");
    const sm = (await (await api.invoke({ inputs: "one two", parameters: { max_new_tokens: 6 } }, { "X-Amzn-SageMaker-Adapter-Identifier": "sm" })).json()) as {
      generated_text: string;
    };
    expect(sm.generated_text).toMatch(words("SageMaker"));
    const chat = (await (await api.invoke({ messages: [user("hi")], max_tokens: 5 }, { "X-Amzn-SageMaker-Adapter-Identifier": "hello" })).json()) as ChatAnswer;
    expect(chat.choices[0]?.message.content).toMatch(words("hello"));
    const base = (await (await api.invoke({ prompt: "one two", max_tokens: 6 })).json()) as CompletionAnswer;
    expect(base.choices[0]?.text).not.toMatch(words("hello"));
    // A body naming a loaded adapter in `model` selects it too, as vLLM does.
    const named = (await (await api.invoke({ prompt: "one two", max_tokens: 4, model: "sm" })).json()) as CompletionAnswer;
    expect(named.choices[0]?.text).toMatch(words("SageMaker"));
    const listed = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((model) => model.id)).toEqual(["tiny-llama", "hello", "sm"]);
  });

  it("runs requests on two adapters side by side, each with its own adapter", async () => {
    const requests = Array.from({ length: 6 }, (_, index) => {
      const adapter = index % 2 === 0 ? "hello" : "sm";
      const stream = index >= 4;
      return api
        .invoke({ prompt: `question ${index}`, max_tokens: 40, stream }, { "X-Amzn-SageMaker-Adapter-Identifier": adapter })
        .then(async (response) => {
          if (!stream) return { adapter, text: ((await response.json()) as CompletionAnswer).choices[0]?.text ?? "" };
          const events = await sseEvents(response);
          const text = events.slice(0, -1).map((event) => (JSON.parse(event) as Chunk).choices[0]?.text ?? "").join("");
          return { adapter, text };
        });
    });
    for (const { adapter, text } of await Promise.all(requests)) {
      expect(text).toMatch(words(adapter === "hello" ? "hello" : "SageMaker"));
    }
  });

  it("stops at a stop string, streamed or not", async () => {
    const headers = { "X-Amzn-SageMaker-Adapter-Identifier": "hello" };
    const whole = (await (await api.invoke({ prompt: "x", max_tokens: 20, stop: ["lo hel"] }, headers)).json()) as CompletionAnswer;
    expect([whole.choices[0]?.text.trim(), whole.choices[0]?.finish_reason]).toEqual(["hel", "stop"]);
    const events = await sseEvents(await api.invoke({ prompt: "x", max_tokens: 20, stop: ["lo hel"], stream: true }, headers));
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.text).join("")).toBe(whole.choices[0]?.text);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("refuses an adapter file that is not a LoRA for this model with 400, and keeps serving", async () => {
    const garbage = join(models.dir, "garbage.gguf");
    writeFileSync(garbage, "not a gguf file at all");
    for (const src of [garbage, models.modelFile, join(models.dir, "missing.gguf"), join(models.dir, "adapters-none")]) {
      const response = await api.loadAdapter("broken", src);
      expect(response.status, src).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toContain(src.endsWith("none") ? "adapters-none" : src);
    }
    expect((await api.invoke({ prompt: "ok", max_tokens: 2 }, { "X-Amzn-SageMaker-Adapter-Identifier": "broken" })).status).toBe(404);
    const hello = (await (await api.invoke({ prompt: "ok", max_tokens: 3 }, { "X-Amzn-SageMaker-Adapter-Identifier": "hello" })).json()) as CompletionAnswer;
    expect(hello.choices[0]?.text).toMatch(words("hello"));
    expect((await api.invoke({ prompt: "ok", max_tokens: 2 })).status).toBe(200);
  });

  it("answers 409 for a name already loaded, 400 for a bad name", async () => {
    const again = await api.loadAdapter("hello", models.adapter("hello"));
    expect([again.status, await again.json()]).toEqual([409, { detail: "adapter already loaded: hello" }]);
    expect((await api.loadAdapter("a/b", models.adapter("a"))).status).toBe(400);
  });

  it("serves the new adapter when the file at a path loaded before was replaced (not node-llama-cpp's stale cache)", async () => {
    const dir = join(models.dir, "swapped");
    mkdirSync(dir);
    const file = join(dir, "adapter.gguf");
    const ask = async () =>
      ((await (await api.invoke({ prompt: "swap", max_tokens: 3 }, { "X-Amzn-SageMaker-Adapter-Identifier": "swap" })).json()) as CompletionAnswer).choices[0]?.text;
    copyFileSync(models.adapter("hello"), file);
    expect((await api.loadAdapter("swap", file)).status).toBe(200);
    expect(await ask()).toMatch(words("hello"));
    expect((await api.unloadAdapter("swap")).status).toBe(200);
    copyFileSync(models.adapter("SageMaker"), file);
    expect((await api.loadAdapter("swap", file)).status).toBe(200);
    expect(await ask()).toMatch(words("SageMaker"));
    // Adapters loaded before the model reload still answer with their own.
    const sm = (await (await api.invoke({ prompt: "x", max_tokens: 3 }, { "X-Amzn-SageMaker-Adapter-Identifier": "sm" })).json()) as CompletionAnswer;
    expect(sm.choices[0]?.text).toMatch(words("SageMaker"));
    const hello = (await (await api.invoke({ prompt: "x", max_tokens: 3 }, { "X-Amzn-SageMaker-Adapter-Identifier": "hello" })).json()) as CompletionAnswer;
    expect(hello.choices[0]?.text).toMatch(words("hello"));
    expect((await api.health()).modelReloads).toBeGreaterThanOrEqual(1);
    expect((await api.unloadAdapter("swap")).status).toBe(200);
  });

  it("unloads an adapter: its requests are then 404, a second unload too", async () => {
    const unloaded = await api.unloadAdapter("hello");
    expect([unloaded.status, await unloaded.text()]).toEqual([200, "Adapter hello unregistered"]);
    const response = await api.invoke({ prompt: "x", max_tokens: 2 }, { "X-Amzn-SageMaker-Adapter-Identifier": "hello" });
    expect([response.status, await response.json()]).toEqual([404, { detail: "adapter not loaded: hello" }]);
    expect((await api.unloadAdapter("hello")).status).toBe(404);
    const sm = (await (await api.invoke({ prompt: "x", max_tokens: 3 }, { "X-Amzn-SageMaker-Adapter-Identifier": "sm" })).json()) as CompletionAnswer;
    expect(sm.choices[0]?.text).toMatch(words("SageMaker"));
  });
});

describe("llama.cpp engine: sticky sessions", () => {
  const SESSION = "X-Amzn-SageMaker-Session-Id";
  async function newSession(): Promise<string> {
    const response = await api.invoke({ requestType: "NEW_SESSION" });
    expect(response.status).toBe(200);
    return (response.headers.get("x-amzn-sagemaker-new-session-id") ?? "").split(";")[0] as string;
  }
  const turn = async (id: string, content: string) => {
    const response = await api.invoke({ messages: [user(content)], max_tokens: 6 }, { [SESSION]: id });
    expect(response.status).toBe(200);
    return (await response.json()) as ChatAnswer;
  };

  it("keeps the conversation: a follow-up sends only its new message and reuses the KV cache", async () => {
    const id = await newSession();
    const first = await turn(id, "my name is Ada");
    const second = await turn(id, "what is my name?");
    // The second prompt is the whole conversation: first question, first answer, second question.
    expect(second.usage.prompt_tokens).toBeGreaterThan(first.usage.prompt_tokens + first.usage.completion_tokens);
    expect(second.usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(first.usage.prompt_tokens);
    // The same conversation sent whole, outside the session, is the same prompt.
    const whole = (await (
      await api.invoke({
        messages: [user("my name is Ada"), { role: "assistant", content: first.choices[0]?.message.content }, user("what is my name?")],
        max_tokens: 6,
      })
    ).json()) as ChatAnswer;
    expect(whole.usage.prompt_tokens).toBe(second.usage.prompt_tokens);

    const closed = await api.invoke({ requestType: "CLOSE" }, { [SESSION]: id });
    expect(closed.status).toBe(200);
    expect(closed.headers.get("x-amzn-sagemaker-closed-session-id")).toBe(id);
    const after = await api.invoke({ messages: [user("again")] }, { [SESSION]: id });
    expect([after.status, await after.json()]).toEqual([400, { detail: `Bad request: session not found: ${id}` }]);
  });

  it("serves more sessions than contexts: each keeps its conversation, the least recently used cache is reused", async () => {
    const ids = [await newSession(), await newSession(), await newSession()];
    const sizes = new Map<string, number[]>();
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        const answer = await turn(id, `round ${round}`);
        sizes.set(id, [...(sizes.get(id) ?? []), answer.usage.prompt_tokens]);
      }
    }
    for (const [id, prompts] of sizes) {
      expect(prompts[1], id).toBeGreaterThan(prompts[0] as number);
      expect(prompts[2], id).toBeGreaterThan(prompts[1] as number);
    }
    for (const id of ids) expect((await api.invoke({ requestType: "CLOSE" }, { [SESSION]: id })).status).toBe(200);
  });

  it("answers 424 for a session whose conversation another server process never had (a restart)", async () => {
    const id = await newSession();
    // A second server on the same session store: the store knows the session, that process not its conversation.
    const restarted = await startLlama(models.modelDir, {
      SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true",
      SAGEMAKER_SESSIONS_PATH: join(models.dir, "sessions"),
      LLAMA_CONTEXTS: "1",
    });
    try {
      const response = await client(restarted.url).invoke({ messages: [user("hello?")] }, { [SESSION]: id });
      expect([response.status, await response.json()]).toEqual([
        424,
        { detail: `conversation of session ${id} was lost (the server restarted): open a new session` },
      ]);
    } finally {
      await restarted.stop();
    }
    expect((await turn(id, "still here")).usage.prompt_tokens).toBeGreaterThan(0);
  }, 90_000);

  it("runs completion and LMI requests inside a session statelessly", async () => {
    const id = await newSession();
    const lmi = await api.invoke({ inputs: "x", parameters: { max_new_tokens: 2 } }, { [SESSION]: id });
    expect(lmi.status).toBe(200);
    expect(Object.keys((await lmi.json()) as object)).toEqual(["generated_text"]);
    expect((await api.invoke({ requestType: "CLOSE" }, { [SESSION]: id })).status).toBe(200);
  });
});

describe("llama.cpp engine: a client that hangs up", () => {
  it("stops generation: the stream is abandoned after its first event and far fewer tokens are generated", async () => {
    // 4000 tokens take seconds here; the hang-up comes after the first.
    const before = await api.health();
    const controller = new AbortController();
    // On a word adapter: no end-of-generation token can end it first.
    expect((await api.loadAdapter("long-talker", models.adapter("SageMaker"))).status).toBe(200);
    const response = await api.invoke({ prompt: "go", max_tokens: 4000, stream: true }, { "X-Amzn-SageMaker-Adapter-Identifier": "long-talker" }, controller.signal);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    let after = await api.health();
    for (let attempt = 0; attempt < 100 && (after.abortedGenerations === before.abortedGenerations || (after.busy as number) > 0); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await api.health();
    }
    expect(after.abortedGenerations).toBe((before.abortedGenerations as number) + 1);
    expect((after.generatedTokens as number) - (before.generatedTokens as number)).toBeLessThan(2000);
    expect((await api.invoke({ prompt: "next", max_tokens: 2 })).status).toBe(200);
    expect((await api.unloadAdapter("long-talker")).status).toBe(200);
  });
});

describe("llama.cpp engine: LLAMA_STREAM_INTERVAL", () => {
  /** The SSE events of one streamed answer, and the socket writes the server made for it. */
  async function streamed(target: ReturnType<typeof client>, request: object): Promise<{ events: string[]; writes: number }> {
    const before = (await target.health()).streamWrites as number;
    const events = await sseEvents(await target.invoke(request));
    return { events, writes: ((await target.health()).streamWrites as number) - before };
  }
  const texts = (events: string[]) => events.filter((event) => event !== "[DONE]").map((event) => (JSON.parse(event) as Chunk).choices[0]?.text);

  it("writes streamed tokens four at a time after the first: the same events, in a quarter of the writes", async () => {
    const batched = await startLlama(models.modelDir, { LLAMA_STREAM_INTERVAL: "4" });
    try {
      const request = { prompt: "tell me a story about the sea", max_tokens: 33, ignore_eos: true, stream: true };
      const each = await streamed(api, request);
      const grouped = await streamed(client(batched.url), request);
      expect(texts(grouped.events)).toEqual(texts(each.events));
      expect(grouped.events.at(-1)).toBe("[DONE]");
      // The token events: all but the last chunk (finish_reason and usage) and [DONE].
      const tokenEvents = grouped.events.length - 2;
      expect(tokenEvents).toBeGreaterThan(20);
      // By default one write per token: each token is its own event-loop turn.
      expect(each.writes).toBeGreaterThanOrEqual(tokenEvents);
      // The first at once, then one per four tokens, then the rest with usage and [DONE].
      expect(grouped.writes).toBeLessThanOrEqual(1 + Math.floor((tokenEvents - 1) / 4) + 1);
    } finally {
      await batched.stop();
    }
  });
});
