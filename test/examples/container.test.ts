import { execFileSync, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, allGone } from "../supervisor/_helpers.ts";

const SCRIPT = join(ROOT, "examples/container/run-local.sh");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The example runs the real dist/ (as the image would): build it unless it is newer than every source. */
beforeAll(() => {
  const built = ["dist/supervisor.js", "dist/runtimes/node.js"].map((file) => {
    try {
      return statSync(join(ROOT, file)).mtimeMs;
    } catch {
      return 0;
    }
  });
  const sources = Math.max(newestSource(join(ROOT, "src")), newestSource(join(ROOT, "runtimes")), newestSource(join(ROOT, "supervisor")));
  if (Math.min(...built) < sources) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}, 180_000);

describe("examples/container/run-local.sh", () => {
  it("installs the model's dependencies, serves /ping and the customer's /invocations (which imports the library), and stops cleanly on SIGTERM", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SAGEMAKER_BIND_TO_PORT: "0" };
    for (const key of Object.keys(env)) if (/^(PROCESS_|STANDARD_|SUPERVISOR_|CUSTOM_)/.test(key) || key === "SAGEMAKER_MODEL_PATH") delete env[key];
    const script = spawn(SCRIPT, [], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    script.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    script.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => script.once("close", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline && script.exitCode === null) {
        url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 100));
      }
      expect(url, `no listening line\n--- stdout\n${stdout}\n--- stderr\n${stderr}`).toBeDefined();
      const ping = await fetch(`${url}/ping`);
      expect(ping.status).toBe(200);
      const invocation = await fetch(`${url}/invocations`, { method: "POST", body: JSON.stringify({ prompt: "one two  three" }) });
      expect(await invocation.json()).toEqual({ model: "word-count", words: 3 });
      // The customer script imports the library itself (HttpError), resolved through the image's /node_modules.
      const rejected = await fetch(`${url}/invocations`, { method: "POST", body: "{}" });
      expect([rejected.status, await rejected.json()]).toEqual([400, { detail: "prompt is required" }]);
      expect(stderr).toContain("npm ci --omit=dev");
      const serverPid = Number(/spawned: 'app' with pid (\d+)/.exec(stderr)?.[1]);
      script.kill("SIGTERM");
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 60_000));
      expect(await Promise.race([exited, timeout])).toBe(0);
      expect(stderr).toContain("stopped: app (exit status 0)");
      expect(await allGone([serverPid])).toBe(true);
    } finally {
      script.kill("SIGKILL");
    }
  });
});
