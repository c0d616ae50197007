#!/usr/bin/env node
// End-to-end check of a running llama.cpp container, for after `docker run` or a deployment's first start:
//   node smoke.mjs http://localhost:8080 [--gpu cuda] [--adapter /path/lora.gguf [--adapter-word hello]]
// /ping, /health, the three request formats, a streamed answer, and with --adapter a LoRA load, a request
// through it (answering only `--adapter-word` repeated, when given: a word adapter), its unload and the 404
// after. --gpu says which backend /health must report, with layers offloaded. Prints one JSON line a check
// and exits 1 at the first failure. Node >= 20, no dependencies.
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { gpu: { type: "string" }, adapter: { type: "string" }, "adapter-word": { type: "string" }, tokens: { type: "string", default: "64" } },
});
const base = (positionals[0] ?? "http://localhost:8080").replace(/\/$/, "");
const maxTokens = Number(values.tokens);
if (!Number.isInteger(maxTokens) || maxTokens < 1) {
  console.error(`--tokens must be a positive integer, got ${values.tokens}`);
  process.exit(2);
}
const TIMEOUT_MS = 300_000;
const ADAPTER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";

function fail(check, detail) {
  console.log(JSON.stringify({ check, ok: false, detail }));
  process.exit(1);
}

async function call(path, { body, headers = {}, method = body === undefined ? "GET" : "POST" } = {}) {
  const init = { method, headers, signal: AbortSignal.timeout(TIMEOUT_MS) };
  if (body !== undefined) Object.assign(init, { headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const response = await fetch(base + path, init);
  return { status: response.status, text: await response.text() };
}

async function check(name, run) {
  const startedAt = performance.now();
  try {
    const detail = await run();
    console.log(JSON.stringify({ check: name, ok: true, ms: Math.round(performance.now() - startedAt), ...detail }));
  } catch (error) {
    fail(name, error instanceof Error ? error.message : String(error));
  }
}

function expectStatus(answer, status, what) {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${answer.text.slice(0, 300)}`);
  return answer.text;
}

await check("ping", async () => {
  const text = expectStatus(await call("/ping"), 200, "GET /ping");
  if (JSON.parse(text).status !== "healthy") throw new Error(`GET /ping: ${text}`);
});

await check("health", async () => {
  const health = JSON.parse(expectStatus(await call("/health"), 200, "GET /health"));
  if (values.gpu !== undefined && (health.gpu !== values.gpu || !(health.gpuLayers > 0))) {
    throw new Error(`expected the ${values.gpu} backend with layers offloaded, /health says gpu=${health.gpu} gpuLayers=${health.gpuLayers}`);
  }
  return { gpu: health.gpu, gpuLayers: health.gpuLayers };
});

await check("completion", async () => {
  const startedAt = performance.now();
  const answer = JSON.parse(expectStatus(await call("/invocations", { body: { prompt: "Once upon a time", max_tokens: maxTokens, ignore_eos: true } }), 200, "completion"));
  const tokens = answer.usage?.completion_tokens;
  if (typeof answer.choices?.[0]?.text !== "string" || !(tokens > 0)) throw new Error(`no completion: ${JSON.stringify(answer).slice(0, 300)}`);
  return { tokens, tokensPerSecond: Math.round(tokens / ((performance.now() - startedAt) / 1000)) };
});

await check("chat, streamed", async () => {
  const startedAt = performance.now();
  const response = await fetch(`${base}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "Hello" }], max_tokens: 16, stream: true }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`streamed chat answered ${response.status}: ${await response.text()}`);
  let firstEventMs;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    firstEventMs ??= performance.now() - startedAt;
    text += decoder.decode(chunk, { stream: true });
  }
  const events = text.split("\n\n").filter((event) => event.startsWith("data: "));
  if (events.at(-1) !== "data: [DONE]" || events.length < 2) throw new Error(`not an SSE answer ending in [DONE]: ${text.slice(0, 300)}`);
  return { events: events.length, firstEventMs: Math.round(firstEventMs) };
});

await check("LMI inputs", async () => {
  const answer = JSON.parse(expectStatus(await call("/invocations", { body: { inputs: "The sea", parameters: { max_new_tokens: 8 } } }), 200, "LMI request"));
  if (typeof answer.generated_text !== "string") throw new Error(`no generated_text: ${JSON.stringify(answer)}`);
});

if (values.adapter !== undefined) {
  const name = "smoke-adapter";
  // Left loaded by an earlier run that failed half-way: its load would be a 409 now.
  await call(`/adapters/${name}`, { method: "DELETE" });
  await check("adapter load", async () => {
    expectStatus(await call("/adapters", { body: { name, src: values.adapter } }), 200, "POST /adapters");
  });
  await check("adapter request", async () => {
    const answer = JSON.parse(expectStatus(await call("/invocations", { body: { prompt: "one two", max_tokens: 6 }, headers: { [ADAPTER_HEADER]: name } }), 200, "a request through the adapter"));
    const text = answer.choices?.[0]?.text;
    const word = values["adapter-word"];
    const escaped = word?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (word !== undefined && !new RegExp(`^\\s*${escaped}(\\s+${escaped})*\\s*$`).test(text)) throw new Error(`the adapter should answer "${word}" only, it answered ${JSON.stringify(text)}`);
    return { text };
  });
  await check("adapter unload", async () => {
    expectStatus(await call(`/adapters/${name}`, { method: "DELETE" }), 200, "DELETE /adapters");
    expectStatus(await call("/invocations", { body: { prompt: "one", max_tokens: 2 }, headers: { [ADAPTER_HEADER]: name } }), 404, "a request through the unloaded adapter");
  });
}
