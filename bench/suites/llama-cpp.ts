/**
 * The llama.cpp example against node-llama-cpp called directly: tokens per second and time to first token
 * through POST /invocations (plain and streamed, base model and a LoRA adapter) and through
 * `sequence.evaluate()` in this process, on the same generated model, one context of one thread each,
 * greedy decoding. Each request gets a new prompt, so neither side reuses a cached prefix. And, on a
 * multi-model endpoint, a model's load (`POST /models`) and unload (`DELETE /models/{name}`) against
 * `llama.loadModel()` and `model.dispose()`.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { containerMallocEnv } from "../../examples/llama-cpp/container-env.ts";
import { alternate, formatMs, formatNumber, median, medianOfPairs } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const THROUGHPUT_SHARE = 0.95;
const TTFT_SLACK_MS = 2;
/** A load over HTTP also finds the file and asks node-llama-cpp's memory estimate whether it fits. */
const LOAD_SLACK_MS = 10;

// node-llama-cpp lives in the example's own node_modules: imported only once installed (llamaCppSuite).
type Engine = typeof import("../../examples/llama-cpp/engine.ts");
type Llama = Awaited<ReturnType<Engine["getCpuOrGpuLlama"]>>;
type Model = Awaited<ReturnType<Llama["loadModel"]>>;
type Sequence = ReturnType<Awaited<ReturnType<Model["createContext"]>>["getSequence"]>;

interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
}

interface LlamaServer {
  url: string;
  stop(): Promise<void>;
}

/** Rounds of each kind before anything is timed: the server process starts cold, the harness does not. */
const WARM_UP_ROUNDS = 5;

/** The example's server.ts under tsx, as `npx tsx examples/llama-cpp/server.ts` runs it. */
async function startLlamaServer(modelDir: string, env: Record<string, string> = {}): Promise<LlamaServer> {
  const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "examples/llama-cpp/server.ts")], {
    cwd: ROOT,
    // The allocator settings the image's `serve` script exports: the server runs as in the container.
    env: { ...process.env, ...containerMallocEnv(), PORT: "0", SAGEMAKER_BIND_TO_PORT: "", SAGEMAKER_MODEL_PATH: modelDir, LLAMA_THREADS: "1", LLAMA_CONTEXTS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`llama.cpp server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`llama.cpp server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request through /invocations; time to the first generated text (streamed) and tokens/s overall.
 * The client is node:http on a keep-alive agent, not fetch: on two shared cores, undici's web streams per
 * SSE event took CPU from the engine's thread and were measured as the server's cost.
 */
async function overHttp(url: string, prompt: string, maxTokens: number, stream: boolean, adapter?: string): Promise<Sample> {
  const startedAt = performance.now();
  // ignore_eos: every run generates maxTokens, as the direct loop does; random weights otherwise stop at
  // prompt-dependent points, and a 20-token run against a 64-token one compared prompt costs, not serving.
  const body = JSON.stringify({ prompt, max_tokens: maxTokens, stream, ignore_eos: true });
  let ttftMs = Number.NaN;
  const text = await new Promise<string>((resolve, reject) => {
    const request = httpRequest(`${url}/invocations`, {
      method: "POST",
      agent: keepAlive,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(adapter ? { "X-Amzn-SageMaker-Adapter-Identifier": adapter } : {}) },
    });
    request.once("error", reject);
    request.once("response", (response) => {
      let received = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (Number.isNaN(ttftMs)) ttftMs = performance.now() - startedAt;
        received += chunk;
      });
      response.once("error", reject);
      response.once("end", () => (response.statusCode === 200 ? resolve(received) : reject(new Error(`/invocations answered ${response.statusCode}: ${received}`))));
    });
    request.end(body);
  });
  const usage = /"completion_tokens":(\d+)/.exec(text);
  const tokens = Number(usage?.[1]);
  return { ttftMs: stream ? ttftMs : Number.NaN, tokensPerSecond: tokens / ((performance.now() - startedAt) / 1000) };
}

/** The same generation with node-llama-cpp directly: evaluate the prompt, then sample and detokenize. */
async function direct(model: Model, sequence: Sequence, prompt: string, maxTokens: number): Promise<Sample> {
  const startedAt = performance.now();
  await sequence.clearHistory();
  const bos = model.tokens.bos;
  const input = [...(bos !== null && model.tokens.shouldPrependBosToken ? [bos] : []), ...model.tokenize(prompt)];
  let ttftMs = Number.NaN;
  let tokens = 0;
  let text = "";
  // End-of-generation tokens count and generation goes on, as the server's ignore_eos does.
  for await (const token of sequence.evaluate(input, { temperature: 0, yieldEogToken: true })) {
    text += model.detokenize([token]);
    if (Number.isNaN(ttftMs)) ttftMs = performance.now() - startedAt;
    if (++tokens >= maxTokens) break;
  }
  return { ttftMs, tokensPerSecond: tokens / ((performance.now() - startedAt) / 1000) };
}

/**
 * Ours against direct from the same alternating rounds: the displayed figures are each side's median,
 * the verdict the median of each round's own pair (its ratio, or for times its difference).
 */
function pairedRow(area: string, kase: string, ours: number[], baseline: number[], format: (value: number) => string, higherIsBetter: boolean, note?: string, slackMs = TTFT_SLACK_MS): Row {
  const ratio = medianOfPairs(ours, baseline, (mine, theirs) => mine / theirs);
  const extra = medianOfPairs(ours, baseline, (mine, theirs) => mine - theirs);
  return {
    area,
    case: kase,
    ours: format(median(ours)),
    baseline: format(median(baseline)),
    ratio,
    ratioAs: higherIsBetter ? "percent" : "multiple",
    target: higherIsBetter ? `>= ${THROUGHPUT_SHARE * 100}% of direct` : `<= direct + ${slackMs} ms`,
    met: higherIsBetter ? ratio >= THROUGHPUT_SHARE : extra <= slackMs,
    note: [higherIsBetter ? undefined : `median difference ${extra < 0 ? "-" : "+"}${formatMs(Math.abs(extra))}`, note].filter(Boolean).join("; "),
  };
}

export async function llamaCppSuite(options: SuiteOptions): Promise<Row[]> {
  const area = "llama.cpp";
  try {
    execFileSync(process.execPath, [join(ROOT, "examples/llama-cpp/install.mjs")], { stdio: "inherit" });
  } catch {
    return [skippedRow(area, "tokens/s and time to first token", "examples/llama-cpp dependencies could not be installed")];
  }
  const dir = mkdtempSync(join(tmpdir(), "mhcs-bench-llama-"));
  const modelDir = join(dir, "model");
  mkdirSync(modelDir);
  // A larger model than the tests' (about 37 MB, a few ms a token here): closer to real models, where
  // per-token compute dominates the per-token HTTP and SSE work.
  execFileSync(process.execPath, [join(ROOT, "test/examples/llama-cpp/fixtures/gen-tiny-gguf.mjs"), dir, "--dim", "512", "--layers", "8"], { stdio: "ignore" });
  renameSync(join(dir, "tiny-llama.gguf"), join(modelDir, "tiny-llama.gguf"));
  const maxTokens = options.quick ? 16 : 64;
  // 31 rounds take well under a minute here; 9 left the streamed rows' median moving 5 points between runs.
  const rounds = Math.max(options.rounds, options.quick ? 2 : 31);
  let server: LlamaServer | undefined;
  const { getCpuOrGpuLlama } = (await import("../../examples/llama-cpp/engine.ts")) as Engine;
  const llama = await getCpuOrGpuLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: join(modelDir, "tiny-llama.gguf"), gpuLayers: 0 });
  try {
    options.log(`${area}: ${rounds} rounds of ${maxTokens} tokens`);
    server = await startLlamaServer(modelDir);
    const load = await fetch(`${server.url}/adapters`, { method: "POST", body: JSON.stringify({ name: "hello", src: join(dir, "lora-hello.gguf") }) });
    if (load.status !== 200) throw new Error(`adapter load answered ${load.status}`);
    const contextSize = Math.min(model.trainContextSize, 4096);
    const base = (await model.createContext({ contextSize, sequences: 1, threads: 1 })).getSequence();
    const lora = (await model.createContext({ contextSize, sequences: 1, threads: 1, lora: { adapters: [{ filePath: join(dir, "lora-hello.gguf") }] } })).getSequence();
    let counter = 0;
    // A new prompt each run (the server reuses a cached prefix), all of the same token length.
    const prompt = () => `${String(++counter).padStart(4, "0")} tell me a story about the sea`;
    const url = server.url;
    const rows: Row[] = [];
    for (const [label, adapter, sequence] of [
      ["base model", undefined, base],
      ["LoRA adapter", "hello", lora],
    ] as const) {
      // Warm-up at full length: JIT, first contexts, the KV cache's first growth. Several rounds: the server
      // process starts cold where the harness is not, and with one round the first rows (the base model's)
      // read lower than the LoRA rows measured after them on the same engine.
      for (let round = 0; round < WARM_UP_ROUNDS; round++) {
        await overHttp(url, prompt(), maxTokens, true, adapter);
        await overHttp(url, prompt(), maxTokens, false, adapter);
        await direct(model, sequence, prompt(), maxTokens);
      }
      // One direct run per round serves both rows (it does not stream or not), all three interleaved, so
      // that plain and streamed are measured against the same baseline under the same conditions.
      const samples = { plain: [] as Sample[], streamed: [] as Sample[], direct: [] as Sample[] };
      await alternate(rounds, {
        plain: async () => (samples.plain.push(await overHttp(url, prompt(), maxTokens, false, adapter)), 0),
        streamed: async () => (samples.streamed.push(await overHttp(url, prompt(), maxTokens, true, adapter)), 0),
        direct: async () => (samples.direct.push(await direct(model, sequence, prompt(), maxTokens)), 0),
      });
      const tps = (samples: Sample[]) => samples.map((sample) => sample.tokensPerSecond);
      const ttft = (samples: Sample[]) => samples.map((sample) => sample.ttftMs);
      const perSecond = (value: number) => `${formatNumber(value)} tok/s`;
      rows.push(
        pairedRow(area, `${label}: tokens/s, plain`, tps(samples.plain), tps(samples.direct), perSecond, true),
        pairedRow(area, `${label}: tokens/s, streamed`, tps(samples.streamed), tps(samples.direct), perSecond, true),
        pairedRow(area, `${label}: time to first token, streamed`, ttft(samples.streamed), ttft(samples.direct), formatMs, false, "ours: request sent to first SSE event"),
      );
    }
    await server.stop();
    server = undefined;
    // The multi-model server starts with no model loaded: the direct side loads with none held either.
    await model.dispose();
    rows.push(...(await loadUnloadRows(area, llama, modelDir, rounds)));
    return rows;
  } catch (error) {
    return [skippedRow(area, "tokens/s and time to first token", `failed: ${(error as Error).message.split("\n")[0]}`)];
  } finally {
    await server?.stop();
    if (!model.disposed) await model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Model load and unload on a multi-model endpoint (estimate included) against node-llama-cpp directly. */
async function loadUnloadRows(area: string, llama: Llama, modelDir: string, rounds: number): Promise<Row[]> {
  const server = await startLlamaServer(modelDir, { SAGEMAKER_MULTI_MODEL: "true" });
  try {
    const times = { oursLoad: [] as number[], oursUnload: [] as number[], directLoad: [] as number[], directUnload: [] as number[] };
    const ours = async (): Promise<number> => {
      const startedAt = performance.now();
      const load = await fetch(`${server.url}/models`, { method: "POST", body: JSON.stringify({ model_name: "m", url: modelDir }) });
      if (load.status !== 200) throw new Error(`POST /models answered ${load.status}: ${await load.text()}`);
      const loadedAt = performance.now();
      const unload = await fetch(`${server.url}/models/m`, { method: "DELETE" });
      if (unload.status !== 200) throw new Error(`DELETE /models/m answered ${unload.status}`);
      times.oursLoad.push(loadedAt - startedAt);
      times.oursUnload.push(performance.now() - loadedAt);
      return 0;
    };
    const direct = async (): Promise<number> => {
      const startedAt = performance.now();
      const model = await llama.loadModel({ modelPath: join(modelDir, "tiny-llama.gguf"), gpuLayers: 0 });
      const loadedAt = performance.now();
      await model.dispose();
      times.directLoad.push(loadedAt - startedAt);
      times.directUnload.push(performance.now() - loadedAt);
      return 0;
    };
    // Warm-up: the file in the page cache, and JIT. The server's loads start several times slower than its
    // later ones (138, 64, 90, 37, 52, 23, 23, 19 ms in one run), where the harness's node-llama-cpp code is
    // already warm from the token rows: one warm-up round measured mostly the server's JIT.
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      await ours();
      await direct();
    }
    for (const list of Object.values(times)) list.length = 0;
    await alternate(Math.max(rounds, 9), { ours, direct });
    return [
      pairedRow(area, "multi-model: model load", times.oursLoad, times.directLoad, formatMs, false, "ours: POST /models; direct: llama.loadModel()", LOAD_SLACK_MS),
      pairedRow(area, "multi-model: model unload", times.oursUnload, times.directUnload, formatMs, false, "ours: DELETE /models/{name}; direct: model.dispose()", LOAD_SLACK_MS),
    ];
  } finally {
    await server.stop();
  }
}
