/**
 * The llama.cpp container in SageMaker's other hosting modes, on real server processes and generated GGUF
 * models: a multi-model endpoint (two models with different weights side by side, each answering exactly
 * what it answers when served alone; 507 past LLAMA_MAX_MODELS; DELETE, then 404; load/unload cycles of a
 * larger model with the process memory measured) and batch transform (JSON Lines through splitRecords,
 * compared with the same requests sent one by one).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningExample } from "../../support/process.ts";
import { containerMallocEnv } from "../../../examples/llama-cpp/container-env.ts";
import { ensureLlamaDependencies, makeTinyModels, sseEvents, startLlama } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

let first: TinyModels;
let second: TinyModels;
let large: TinyModels;
/** A model directory without any *.gguf. */
let emptyDir: string;
let multi: RunningExample;
let aloneFirst: RunningExample;
let aloneSecond: RunningExample;
/** No LLAMA_MAX_MODELS: node-llama-cpp's estimate decides, and two contexts of 2^25 tokens need ~340 GB. */
let estimating: RunningExample;

const MIB = 1024 * 1024;

beforeAll(async () => {
  ensureLlamaDependencies();
  first = makeTinyModels();
  second = makeTinyModels(["--seed", "2"]);
  // ~40 MB of f32 weights: big enough that keeping it after DELETE would show in the process memory.
  large = makeTinyModels(["--dim", "512", "--layers", "4", "--ff", "1536", "--rank", "4"]);
  emptyDir = join(large.dir, "empty");
  mkdirSync(emptyDir);
  // The multi-model server names the models "first" and "second"; served alone, they answer under the same names.
  [multi, aloneFirst, aloneSecond, estimating] = await Promise.all([
    startLlama(first.dir, {
      SAGEMAKER_MULTI_MODEL: "true",
      LLAMA_MAX_MODELS: "2",
      ...containerMallocEnv(),
      SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true",
      SAGEMAKER_SESSIONS_PATH: join(first.dir, "sessions"),
    }),
    startLlama(first.modelDir, { LLAMA_MODEL_NAME: "first" }),
    startLlama(second.modelDir, { LLAMA_MODEL_NAME: "second" }),
    startLlama(first.dir, { SAGEMAKER_MULTI_MODEL: "1", LLAMA_CONTEXT_SIZE: String(2 ** 25) }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([multi?.stop(), aloneFirst?.stop(), aloneSecond?.stop(), estimating?.stop()]);
  for (const models of [first, second, large]) models?.remove();
});

const post = (url: string, body: unknown, contentType = "application/json") =>
  fetch(url, { method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
const loadModel = (name: string, url: string) => post(`${multi.url}/models`, { model_name: name, url });

/** An answer without what differs between any two calls (its id and creation time). */
function comparable(answer: unknown): unknown {
  if (typeof answer !== "object" || answer === null) return answer;
  const { id: _id, created: _created, ...rest } = answer as Record<string, unknown>;
  return rest;
}

/** An answer less its id, creation time and cached token count (which depends on what ran before). */
function withoutCache(answer: unknown): unknown {
  const { usage, ...rest } = comparable(answer) as { usage?: Record<string, unknown> };
  if (!usage) return rest;
  const { prompt_tokens_details: _cached, ...counts } = usage;
  return { ...rest, usage: counts };
}

/** A streamed answer's events, each without its id and creation time. */
async function comparableStream(response: Response): Promise<unknown[]> {
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return (await sseEvents(response)).map((event) => (event === "[DONE]" ? event : comparable(JSON.parse(event))));
}

const REQUESTS: unknown[] = [
  { messages: [{ role: "user", content: "hello there" }], max_tokens: 8, temperature: 0 },
  { prompt: "Once upon a time", max_tokens: 8, temperature: 0.8, seed: 11 },
  { inputs: "The quick brown fox", parameters: { max_new_tokens: 6, temperature: 0 } },
  { messages: [{ role: "user", content: "count" }], max_tokens: 6, seed: 3, temperature: 1 },
];

describe("llama.cpp container: multi-model endpoint", () => {
  it("starts with no model, healthy, and refuses a directory without a model naming it", async () => {
    const ping = await fetch(`${multi.url}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ status: "healthy" });
    expect(await (await fetch(`${multi.url}/models`)).json()).toEqual({ models: [] });
    const none = await loadModel("nothing", emptyDir);
    expect(none.status).toBe(400);
    expect(((await none.json()) as { detail: string }).detail).toContain(emptyDir);
  });

  it("loads two models side by side, each answering exactly what it answers when served alone, streaming included", async () => {
    expect((await loadModel("first", first.modelDir)).status).toBe(200);
    expect((await loadModel("second", second.modelDir)).status).toBe(200);
    expect(await (await fetch(`${multi.url}/models`)).json()).toEqual({
      models: [
        { modelName: "first", modelUrl: first.modelDir },
        { modelName: "second", modelUrl: second.modelDir },
      ],
    });
    const answers: Record<string, unknown[]> = { first: [], second: [] };
    for (const [name, alone] of [
      ["first", aloneFirst],
      ["second", aloneSecond],
    ] as const) {
      for (const request of REQUESTS) {
        const [together, served] = await Promise.all([post(`${multi.url}/models/${name}/invoke`, request), post(`${alone.url}/invocations`, request)]);
        expect(together.status).toBe(200);
        expect(served.status).toBe(200);
        const answer = comparable(await together.json());
        expect(answer).toEqual(comparable(await served.json()));
        answers[name]?.push(answer);
      }
      const streamed = { messages: [{ role: "user", content: "stream it" }], max_tokens: 6, temperature: 0, stream: true };
      const [together, served] = await Promise.all([post(`${multi.url}/models/${name}/invoke`, streamed), post(`${alone.url}/invocations`, streamed)]);
      const events = await comparableStream(together);
      expect(events.at(-1)).toBe("[DONE]");
      expect(events).toEqual(await comparableStream(served));
    }
    // The two models really differ: the comparison above could not pass by both answering the same.
    expect(answers.first).not.toEqual(answers.second);
    // The engine's own routes see every loaded model: `model` picks one.
    const listed = (await (await fetch(`${multi.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((model) => model.id)).toEqual(["first", "second"]);
    const completion = { prompt: "Once upon a time", max_tokens: 8, temperature: 0.8, seed: 11 };
    const viaOpenAi = await post(`${multi.url}/v1/completions`, { ...completion, model: "second" });
    expect(viaOpenAi.status).toBe(200);
    expect(withoutCache(await viaOpenAi.json())).toEqual(withoutCache(answers.second?.[1]));
    expect((await post(`${multi.url}/v1/completions`, { ...completion, model: "nope" })).status).toBe(404);
    const health = (await (await fetch(`${multi.url}/health`)).json()) as { models: Record<string, unknown> };
    expect(Object.keys(health.models)).toEqual(["first", "second"]);
  }, 60_000);

  it("loads a LoRA adapter onto the model that ?model_name= names, and serves it on that model only", async () => {
    const adapters = `${multi.url}/adapters`;
    const missing = await post(adapters, { name: "hello", src: second.adapter("hello") });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { detail: string }).detail).toContain("model_name");
    expect((await post(`${adapters}?model_name=nope`, { name: "hello", src: second.adapter("hello") })).status).toBe(404);
    expect((await post(`${adapters}?model_name=second`, { name: "hello", src: second.adapter("hello") })).status).toBe(200);
    // One name per container: the same name on the other model is taken.
    expect((await post(`${adapters}?model_name=first`, { name: "hello", src: first.adapter("hello") })).status).toBe(409);
    const header = { "content-type": "application/json", "X-Amzn-SageMaker-Adapter-Identifier": "hello" };
    const body = JSON.stringify({ prompt: "x", max_tokens: 4 });
    const onSecond = await fetch(`${multi.url}/models/second/invoke`, { method: "POST", headers: header, body });
    expect(onSecond.status).toBe(200);
    expect(((await onSecond.json()) as { choices: Array<{ text: string }> }).choices[0]?.text).toMatch(/^\s*hello(\s+hello)*\s*$/);
    expect((await fetch(`${multi.url}/models/first/invoke`, { method: "POST", headers: header, body })).status).toBe(404);
    expect((await fetch(`${adapters}/hello`, { method: "DELETE" })).status).toBe(200);
    expect((await fetch(`${multi.url}/models/second/invoke`, { method: "POST", headers: header, body })).status).toBe(404);
  }, 30_000);

  it("answers 507 past LLAMA_MAX_MODELS, and 404 once a model is deleted", async () => {
    const third = await loadModel("third", large.modelDir);
    expect(third.status).toBe(507);
    expect(((await third.json()) as { detail: string }).detail).toContain("Cannot load model third");
    const deleted = await fetch(`${multi.url}/models/first`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ modelName: "first", modelUrl: first.modelDir });
    expect((await post(`${multi.url}/models/first/invoke`, REQUESTS[0])).status).toBe(404);
    expect((await fetch(`${multi.url}/models/first`)).status).toBe(404);
    expect((await fetch(`${multi.url}/models/first`, { method: "DELETE" })).status).toBe(404);
    // The other model keeps serving.
    expect((await post(`${multi.url}/models/second/invoke`, REQUESTS[0])).status).toBe(200);
    // /invocations has no model to serve on a multi-model endpoint.
    const plain = await post(`${multi.url}/invocations`, REQUESTS[0]);
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { detail: string }).detail).toContain("/models/{model_name}/invoke");
  }, 30_000);

  it("keeps a session's conversation on a model loaded after the session was opened (sessions are per container)", async () => {
    const SESSION = "X-Amzn-SageMaker-Session-Id";
    const opened = await post(`${multi.url}/models/second/invoke`, { requestType: "NEW_SESSION" });
    expect(opened.status).toBe(200);
    const id = (opened.headers.get("x-amzn-sagemaker-new-session-id") ?? "").split(";")[0] as string;
    expect(id).not.toBe("");
    expect((await loadModel("first", first.modelDir)).status).toBe(200);
    type Chat = { usage: { prompt_tokens: number; completion_tokens: number } };
    const turn = async (content: string) => {
      const response = await fetch(`${multi.url}/models/first/invoke`, {
        method: "POST",
        headers: { "content-type": "application/json", [SESSION]: id },
        body: JSON.stringify({ messages: [{ role: "user", content }], max_tokens: 4 }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Chat;
    };
    const one = await turn("my name is Ada");
    const two = await turn("what is my name?");
    // The second prompt holds the whole conversation: the model knew the session and kept its turns.
    expect(two.usage.prompt_tokens).toBeGreaterThan(one.usage.prompt_tokens + one.usage.completion_tokens);
    const closed = await fetch(`${multi.url}/models/first/invoke`, { method: "POST", headers: { [SESSION]: id }, body: JSON.stringify({ requestType: "CLOSE" }) });
    expect(closed.status).toBe(200);
    expect((await fetch(`${multi.url}/models/first`, { method: "DELETE" })).status).toBe(200);
  }, 30_000);

  it("answers 507 when node-llama-cpp estimates that the model does not fit in the free memory, and keeps serving", async () => {
    const response = await post(`${estimating.url}/models`, { model_name: "huge", url: large.modelDir });
    expect(response.status).toBe(507);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^Cannot load model huge: it needs about \d+ MiB of memory, \d+ MiB are free$/);
    expect(await (await fetch(`${estimating.url}/models`)).json()).toEqual({ models: [] });
    expect((await fetch(`${estimating.url}/ping`)).status).toBe(200);
  });

  it("gives a larger model's memory back on DELETE over 20 load/use/unload cycles", async () => {
    const rss = async () => ((await (await fetch(`${multi.url}/health`)).json()) as { rssBytes: number }).rssBytes;
    const loadedRss: number[] = [];
    const unloadedRss: number[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      expect((await loadModel("large", large.modelDir)).status).toBe(200);
      // Generating touches every weight, so all of the model is resident now.
      const answer = await post(`${multi.url}/models/large/invoke`, { prompt: "x", max_tokens: 2 });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
      loadedRss.push(await rss());
      expect((await fetch(`${multi.url}/models/large`, { method: "DELETE" })).status).toBe(200);
      unloadedRss.push(await rss());
    }
    const mib = (bytes: number) => (bytes / MIB).toFixed(1);
    const series = `loaded: ${loadedRss.map(mib).join(" ")}; unloaded: ${unloadedRss.map(mib).join(" ")}`;
    // Each DELETE frees most of the ~40 MB model...
    const freed = Math.min(...loadedRss.slice(5).map((loaded, index) => loaded - (unloadedRss[index + 5] as number)));
    expect(freed, series).toBeGreaterThan(25 * MIB);
    // ...and keeping it every cycle would grow the process by ~40 MB a cycle, 600 MB over these fifteen.
    // What remains is a creep of 0.3-2 MB a cycle (allocator and V8 heap, larger on a busy machine).
    const growth = Math.max(...unloadedRss.slice(15)) - (unloadedRss[4] as number);
    expect(growth, series).toBeLessThan(64 * MIB);
  }, 90_000);
});

describe("llama.cpp container: batch transform", () => {
  it("declares MULTI_RECORD with a transform per context", async () => {
    const response = await fetch(`${aloneFirst.url}/execution-parameters`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ MaxConcurrentTransforms: 2, BatchStrategy: "MULTI_RECORD", MaxPayloadInMB: 6 });
  });

  it("answers a JSON Lines batch line by line, in order, as the same requests sent one by one", async () => {
    const requests = [...REQUESTS, { prompt: "A second prompt", max_tokens: 5, temperature: 0 }, { inputs: "last", parameters: { max_new_tokens: 3, seed: 5 } }];
    const batch = await post(`${aloneSecond.url}/invocations`, `${requests.map((request) => JSON.stringify(request)).join("\r\n")}\n\n`, "application/jsonlines");
    expect(batch.status).toBe(200);
    expect(batch.headers.get("content-type")).toBe("application/jsonlines");
    const text = await batch.text();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(requests.length);
    // Which context serves a record, and so how much of its prompt is already cached, depends on timing.
    for (const [index, request] of requests.entries()) {
      const single = await post(`${aloneSecond.url}/invocations`, request);
      expect(single.status).toBe(200);
      expect(withoutCache(JSON.parse(lines[index] as string)), `record ${index + 1}`).toEqual(withoutCache(await single.json()));
    }
  }, 60_000);

  it("fails the batch with 400 naming a record that asks for a stream", async () => {
    const records = [{ prompt: "fine", max_tokens: 2 }, { prompt: "streamed", max_tokens: 2, stream: true }];
    const response = await post(`${aloneFirst.url}/invocations`, records.map((record) => JSON.stringify(record)).join("\n"), "application/x-jsonlines");
    expect(response.status).toBe(400);
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toMatch(/^Record 2: /);
    expect(detail).toContain("stream");
  });
});
