/**
 * Every example and template runs unchanged under `npx tsx`, `bun` and `deno run -A` (issue 5,
 * docs/runtimes.md "Running"): each starts as a user would start it, on a free port given only in
 * SAGEMAKER_BIND_TO_PORT, must announce that port, answer `/ping` and one `/invocations` as the
 * document says, and exit 0 on SIGTERM. The examples import the package by name, which resolves to
 * dist/ (built by the global setup).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandin } from "./sglang/_standin.ts";
import type { Standin } from "./sglang/_standin.ts";
import { ROOT } from "../runtimes/conformance/_transports.ts";
import { freePort } from "../support/free-port.ts";

const RUNTIMES = {
  // What `npx tsx` runs; SIGTERM goes to tsx, which relays it to the script and exits with its code.
  tsx: [`${ROOT}node_modules/.bin/tsx`],
  bun: [`${ROOT}node_modules/.bin/bun`],
  deno: [`${ROOT}node_modules/.bin/deno`, "run", "-A"],
} as const;
type Runtime = keyof typeof RUNTIMES;

interface Observed {
  status: number;
  headers: Headers;
  body: string;
}

interface ExampleCase {
  name: string;
  file: string;
  env?: () => Record<string, string>;
  /** Expected `GET /ping` answer: status and exact body. */
  ping: { status: number; body: string };
  invoke: { headers?: Record<string, string>; body: string };
  check(answer: Observed): void;
}

let sglang: Standin;
const sessionsDir = mkdtempSync(join(tmpdir(), "mhcs-examples-sessions-"));
const json = { "content-type": "application/json" };
const seedPrompt = JSON.stringify({ prompt: "Hello world" });
const chat = JSON.stringify({ messages: [{ role: "user", content: "Hello" }], max_tokens: 4 });

/** An SGLang front (template or example): in front of the stand-in, it answers `chat` with an OpenAI chat completion. */
function sglangFront(file: string): ExampleCase {
  return {
    name: file,
    file,
    env: () => ({ SGLANG_URL: sglang.url }),
    ping: { status: 200, body: "" },
    invoke: { headers: json, body: chat },
    check(answer) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
    },
  };
}

const EXAMPLES: ExampleCase[] = [
  {
    name: "examples/basic.ts",
    file: "examples/basic.ts",
    ping: { status: 200, body: "Healthy" },
    invoke: { headers: json, body: seedPrompt },
    check: (answer) => expect([answer.status, answer.body]).toEqual([200, '{"predictions":["Processed: Hello world"]}']),
  },
  {
    name: "examples/extensible.ts (framework defaults)",
    file: "examples/extensible.ts",
    env: () => ({ SAGEMAKER_MODEL_PATH: join(ROOT, "examples/models/none") }),
    ping: { status: 200, body: '{"status": "healthy", "source": "framework_default"}' },
    invoke: { headers: json, body: seedPrompt },
    check: (answer) => expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { predictions: ["Framework default response"], source: "framework_default" }]),
  },
  {
    name: "examples/extensible.ts (customer env var override)",
    file: "examples/extensible.ts",
    env: () => ({
      SAGEMAKER_MODEL_PATH: "examples/models/env-override/",
      CUSTOM_SCRIPT_FILENAME: "model.mjs",
      CUSTOM_FASTAPI_PING_HANDLER: "model.mjs:custom_ping_handler",
      CUSTOM_FASTAPI_INVOCATION_HANDLER: "model.mjs:custom_invocation_handler",
    }),
    ping: { status: 200, body: '{"status":"healthy","source":"customer_env_var"}' },
    invoke: { headers: json, body: seedPrompt },
    check: (answer) => expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { predictions: ["Customer override response"], source: "customer_env_var" }]),
  },
  {
    name: "examples/extensible.ts (customer script override)",
    file: "examples/extensible.ts",
    env: () => ({ SAGEMAKER_MODEL_PATH: "examples/models/decorator-override" }),
    ping: { status: 200, body: '{"status":"healthy","source":"customer_decorator"}' },
    invoke: { headers: json, body: seedPrompt },
    check: (answer) => expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { predictions: ["Customer decorator response"], source: "customer_decorator" }]),
  },
  {
    name: "examples/full.ts",
    file: "examples/full.ts",
    ping: { status: 200, body: '{"status":"healthy"}' },
    invoke: { headers: json, body: JSON.stringify({ prompt: "hi" }) },
    check(answer) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ model: "echo-base", adapter: null, output: "hi" });
    },
  },
  {
    name: "examples/lora.ts",
    file: "examples/lora.ts",
    ping: { status: 200, body: "Healthy" },
    invoke: { headers: { ...json, "x-amzn-sagemaker-adapter-identifier": "my-adapter" }, body: JSON.stringify({ prompt: "Hello with adapter" }) },
    check: (answer) =>
      expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { predictions: ["[my-adapter] Processed: Hello with adapter"], adapter_used: "my-adapter" }]),
  },
  {
    name: "examples/sessions.ts",
    file: "examples/sessions.ts",
    env: () => ({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: sessionsDir }),
    ping: { status: 200, body: "Healthy" },
    invoke: { headers: json, body: JSON.stringify({ requestType: "NEW_SESSION" }) },
    check(answer) {
      const id = answer.headers.get("x-amzn-sagemaker-new-session-id")?.split(";")[0] ?? "";
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect([answer.status, answer.body]).toEqual([200, `Session ${id} created`]);
    },
  },
  {
    name: "examples/templates/minimal.ts",
    file: "examples/templates/minimal.ts",
    ping: { status: 200, body: "" },
    invoke: { headers: json, body: JSON.stringify({ prompt: "hi" }) },
    check: (answer) => expect([answer.status, answer.body]).toEqual([200, '{"generated_text":"echo: hi"}']),
  },
  {
    name: "examples/templates/full-featured.ts",
    file: "examples/templates/full-featured.ts",
    env: () => ({ SAGEMAKER_SESSIONS_PATH: sessionsDir }),
    ping: { status: 200, body: "" },
    invoke: { headers: json, body: JSON.stringify({ prompt: "hi" }) },
    check(answer) {
      expect([answer.status, answer.body]).toEqual([200, '{"generated_text":"hi","session":null}']);
      expect(answer.headers.get("server-timing")).toMatch(/^total;dur=\d/);
    },
  },
  sglangFront("examples/templates/sglang.ts"),
  sglangFront("examples/sglang/server.ts"),
];

beforeAll(async () => {
  sglang = await startStandin();
}, 60_000);

afterAll(async () => {
  await sglang?.close();
  rmSync(sessionsDir, { recursive: true, force: true });
});

async function observe(url: string, init?: RequestInit): Promise<Observed> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Starts `file` under `runtime`, checks it, sends SIGTERM; resolves to the exit code. */
async function runExample(runtime: Runtime, example: ExampleCase): Promise<number | null> {
  const port = await freePort();
  const [command, ...args] = RUNTIMES[runtime];
  const child = spawn(command, [...args, example.file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", SAGEMAKER_BIND_TO_PORT: String(port), ...example.env?.() },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killGroup = (): void => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.once("exit", killGroup);
  try {
    const deadline = Date.now() + 60_000;
    while (!/listening on http:\/\/\S+/.test(output)) {
      if (child.exitCode !== null) throw new Error(`${example.file} exited with ${child.exitCode} before listening:\n${output}`);
      if (Date.now() > deadline) throw new Error(`${example.file} did not listen within 60 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
    expect(new URL(url).port, "the example honours SAGEMAKER_BIND_TO_PORT").toBe(String(port));

    const ping = await observe(`${url}/ping`);
    expect([ping.status, ping.body], `${example.file} /ping`).toEqual([example.ping.status, example.ping.body]);
    example.check(await observe(`${url}/invocations`, { method: "POST", headers: example.invoke.headers, body: example.invoke.body }));

    child.kill("SIGTERM");
    const timer = setTimeout(killGroup, 30_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  } catch (error) {
    killGroup();
    await exited;
    throw error;
  } finally {
    process.off("exit", killGroup);
  }
}

describe.each(Object.keys(RUNTIMES) as Runtime[])("examples under %s", (runtime) => {
  for (const example of EXAMPLES) {
    it(`${example.name}: /ping, /invocations, SIGTERM exits 0`, async () => {
      expect(await runExample(runtime, example)).toBe(0);
    }, 120_000);
  }
});
