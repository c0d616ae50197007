import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RUNTIMES, allGone, buildSupervisor, killQuietly, lines, runSupervisor, tempDir, testEnv, writeScript } from "./_helpers.ts";

let bin: Awaited<ReturnType<typeof buildSupervisor>>;
let dir: ReturnType<typeof tempDir> | undefined;
const leftovers: number[] = [];
beforeAll(async () => {
  bin = await buildSupervisor();
});
afterAll(() => bin?.dispose());
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
  dir?.dispose();
  dir = undefined;
});

const ARGS = ['{"model": "/opt/ml/x", "num": 3, "flag": true}', "my model name", "it's a 'quoted' value", "", "100%", "%(ENV_HOME)s"];

describe.each(RUNTIMES.filter((runtime) => runtime.name !== "node"))("the built CLI under $name", (runtime) => {
  const run = (args: readonly string[], env: Record<string, string> = {}) => runSupervisor(runtime, bin.file, args, testEnv(env));

  it("passes argv through verbatim and output unchanged, and mirrors the exit code in run-once mode", async () => {
    const sup = run(["sh", "-c", 'printf "%s|" "$@"; echo err >&2; exit 42', "sh", ...ARGS], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await sup.exited(60_000)).code).toBe(42);
    expect(sup.stdout()).toBe(`${ARGS.join("|")}|`);
    expect(sup.stderr()).toContain("err\n");
    const missing = run(["/no/such/server"], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await missing.exited(60_000)).code).toBe(127);
  });

  it("rejects a bad variable with exit 2 and prints usage without a command", async () => {
    const bad = run(["true"], { PROCESS_MAX_START_RETRIES: "lots" });
    expect((await bad.exited(60_000)).code).toBe(2);
    expect(bad.stderr()).toContain("Configuration error: PROCESS_MAX_START_RETRIES must be an integer, got 'lots'");
    const usage = run([]);
    expect((await usage.exited(60_000)).code).toBe(1);
    expect(usage.stderr()).toContain("Usage: standard-supervisor <launch_command> [args...]");
  });

  it("restarts a crashing child, then exits 1 when retries are exhausted", async () => {
    dir = tempDir();
    const starts = join(dir.path, "starts");
    const app = writeScript(dir.path, "app.sh", `echo x >> ${starts}\nexit 3`);
    const sup = run([app], { PROCESS_MAX_START_RETRIES: "2", PROCESS_RESTART_BACKOFF_SECONDS: "0.1", PROCESS_START_SECONDS: "3" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(starts)).toHaveLength(3);
    expect(sup.stderr()).toContain("gave up: app entered FATAL state");
  });

  it("resets the retry count after a successful start", async () => {
    dir = tempDir();
    const starts = join(dir.path, "starts");
    const app = writeScript(dir.path, "app.sh", `echo x >> ${starts}\nn=$(wc -l < ${starts})\n[ "$n" -eq 2 ] && { sleep 3; exit 1; }\nexit 1`);
    const sup = run([app], { PROCESS_MAX_START_RETRIES: "1", PROCESS_RESTART_BACKOFF_SECONDS: "0.1", PROCESS_START_SECONDS: "1.5" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(starts)).toHaveLength(4);
  });

  it("on SIGTERM stops the whole group, SIGKILLs what ignores it after the stop timeout, and exits 0", async () => {
    dir = tempDir();
    const pids = join(dir.path, "pids");
    const marker = join(dir.path, "marker");
    const stubborn = writeScript(dir.path, "stubborn.sh", `trap '' TERM\necho $$ >> ${pids}\nwhile :; do sleep 0.1; done`);
    const app = writeScript(
      dir.path,
      "app.sh",
      `trap 'echo got TERM > ${marker}; exit 0' TERM\necho $$ >> ${pids}\nsleep 300 &\necho $! >> ${pids}\n${stubborn} &\nsleep 0.3\necho ready\nwhile :; do sleep 0.1; done`,
    );
    const sup = run([app], { PROCESS_STOP_TIMEOUT_SECONDS: "20" });
    await sup.waitFor(/ready/, "stdout", 60_000);
    const started = lines(pids).map(Number);
    leftovers.push(...started);
    expect(started).toHaveLength(3);
    sup.kill("SIGTERM");
    expect((await sup.exited(60_000)).code).toBe(0);
    expect(lines(marker)).toEqual(["got TERM"]);
    expect(await allGone(started)).toBe(true);

    const ignores = writeScript(dir.path, "ignores.sh", `trap '' TERM\necho $$ > ${pids}\necho ready\nwhile :; do sleep 0.1; done`);
    const sup2 = run([ignores], { PROCESS_STOP_TIMEOUT_SECONDS: "1" });
    await sup2.waitFor(/ready/, "stdout", 60_000);
    const pid = Number(lines(pids)[0]);
    leftovers.push(pid);
    sup2.kill("SIGTERM");
    expect((await sup2.exited(60_000)).code).toBe(0);
    expect(sup2.stderr()).toContain("with SIGKILL: still running after 1 s");
    expect(await allGone([pid])).toBe(true);
  });
});

describe("bun-managed model directories", () => {
  const bun = RUNTIMES.find((runtime) => runtime.name === "bun")!;

  it("installs with bun install --frozen-lockfile --production when the model ships bun.lock", async () => {
    dir = tempDir("sup-bun-");
    const pkg = join(dir.path, "greeting");
    mkdirSync(pkg);
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "greeting", version: "1.0.0", type: "module", main: "index.js" }));
    writeFileSync(join(pkg, "index.js"), "export const greet = (name) => `hello ${name}`;\n");
    const tarball = join(dir.path, execFileSync("npm", ["pack", "--silent", "--pack-destination", dir.path], { cwd: pkg, encoding: "utf8" }).trim());
    const modelDir = join(dir.path, "model");
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, "package.json"), JSON.stringify({ name: "model", private: true, type: "module", dependencies: { greeting: `file:${tarball}` } }));
    writeFileSync(join(modelDir, "main.mjs"), 'import { greet } from "greeting";\nconsole.log(greet("bun"));\n');
    execFileSync(bun.command[0] as string, ["install", "--lockfile-only"], { cwd: modelDir, stdio: "ignore" });
    const sup = runSupervisor(bun, bin.file, [bun.command[0] as string, join(modelDir, "main.mjs")], testEnv({ SAGEMAKER_MODEL_PATH: modelDir, PROCESS_AUTO_RECOVERY: "false" }));
    expect((await sup.exited(120_000)).code).toBe(0);
    expect(sup.stdout()).toBe("hello bun\n");
    expect(sup.stderr()).toMatch(/Installing dependencies .*bun(\.exe)? install --frozen-lockfile --production/);
  });
});
