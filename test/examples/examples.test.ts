// The examples reproduce Quick Start use cases 1 and 4 of the seed runbook: started as a user would
// (`npx tsx examples/<name>.ts`, port from PORT / SAGEMAKER_BIND_TO_PORT), sent the runbook's requests.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot, waitFor } from "../support/harness.ts";

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM"); // serve() drains and exits 0
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
});

/** Starts an example on a free port (port 0 through the given variable) and returns its base URL. */
async function runExample(name: string, env: Record<string, string>): Promise<string> {
  // `node --import tsx` is what `npx tsx` runs, in one process, so killing it leaves nothing behind.
  const child = spawn(process.execPath, ["--import", "tsx", join("examples", name)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  await waitFor(() => /listening on (http:\/\/\S+)/.test(stdout) || child.exitCode !== null, 45_000, `${name} to listen`);
  const match = /listening on (http:\/\/\S+)/.exec(stdout);
  if (!match?.[1]) throw new Error(`${name} did not start: ${stderr}`);
  return match[1];
}

const seedInvocation = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prompt: "Hello world" }) };

describe("examples/basic.ts (Quick Start use case 1)", () => {
  it("GET /ping -> Healthy; POST /invocations -> {\"predictions\":[\"Processed: Hello world\"]}", { timeout: 90_000 }, async () => {
    const url = await runExample("basic.ts", { PORT: "0" });
    const ping = await fetch(`${url}/ping`);
    expect([ping.status, await ping.text()]).toEqual([200, "Healthy"]);
    const invoke = await fetch(`${url}/invocations`, seedInvocation);
    expect(await invoke.text()).toBe('{"predictions":["Processed: Hello world"]}');
  });
});

describe("examples/extensible.ts (Quick Start use case 4)", () => {
  it("framework defaults without overrides", { timeout: 90_000 }, async () => {
    const url = await runExample("extensible.ts", { SAGEMAKER_BIND_TO_PORT: "0", SAGEMAKER_MODEL_PATH: join(repoRoot, "examples", "models", "none") });
    expect(await (await fetch(`${url}/ping`)).text()).toBe('{"status": "healthy", "source": "framework_default"}');
    expect(await (await fetch(`${url}/invocations`, seedInvocation)).json()).toEqual({ predictions: ["Framework default response"], source: "framework_default" });
  });

  it("customer override 1: environment variables naming model.mjs functions", { timeout: 90_000 }, async () => {
    const url = await runExample("extensible.ts", {
      PORT: "0",
      SAGEMAKER_MODEL_PATH: "examples/models/env-override/",
      CUSTOM_SCRIPT_FILENAME: "model.mjs",
      CUSTOM_FASTAPI_PING_HANDLER: "model.mjs:custom_ping_handler",
      CUSTOM_FASTAPI_INVOCATION_HANDLER: "model.mjs:custom_invocation_handler",
    });
    expect(await (await fetch(`${url}/ping`)).json()).toEqual({ status: "healthy", source: "customer_env_var" });
    expect(await (await fetch(`${url}/invocations`, seedInvocation)).json()).toEqual({ predictions: ["Customer override response"], source: "customer_env_var" });
  });

  it("customer override 2: customPingHandler / customInvocationHandler in the model dir's script", { timeout: 90_000 }, async () => {
    const url = await runExample("extensible.ts", { PORT: "0", SAGEMAKER_MODEL_PATH: "examples/models/decorator-override" });
    expect(await (await fetch(`${url}/ping`)).json()).toEqual({ status: "healthy", source: "customer_decorator" });
    expect(await (await fetch(`${url}/invocations`, seedInvocation)).json()).toEqual({ predictions: ["Customer decorator response"], source: "customer_decorator" });
  });
});
