import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE, ROOT, buildSupervisor, runSupervisor, testEnv } from "./_helpers.ts";

let bin: Awaited<ReturnType<typeof buildSupervisor>>;
beforeAll(async () => {
  bin = await buildSupervisor();
});
afterAll(() => bin?.dispose());

const run = (args: readonly string[], env: Record<string, string | undefined> = {}) => runSupervisor(NODE, bin.file, args, testEnv(env));
const printArgv = "process.stdout.write(JSON.stringify(process.argv.slice(1)))";

const TRICKY_ARGS = [
  '{"model": "/opt/ml/additional-model-data-sources/eagle", "method": "eagle3", "num_speculative_tokens": 3, "parallel_drafting": true}',
  "my model name",
  "it's a 'quoted' value",
  "print('hi')",
  "",
  '{"x": "a b c"}',
  "100%",
  "%(ENV_HOME)s",
  "$HOME `id` \\n *",
  "--host",
  "0.0.0.0",
];

describe("standard-supervisor CLI", () => {
  it("shows the built file keeps its shebang", async () => {
    expect(readFileSync(bin.file, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(bin.file).mode & 0o111).not.toBe(0);
  });

  it.each([[[]], [["--"]]])("prints the reference's usage lines and exits 1 without a command (%j)", async (args) => {
    for (const env of [{}, { PROCESS_AUTO_RECOVERY: "false" }]) {
      const sup = run(args, env);
      expect((await sup.exited()).code).toBe(1);
      expect(sup.stderr()).toContain("ERROR: No launch command provided\nUsage: standard-supervisor <launch_command> [args...]\n");
      expect(sup.stdout()).toBe("");
    }
  });

  it("answers --help and --version only as the sole argument", async () => {
    const help = run(["--help"]);
    expect((await help.exited()).code).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: standard-supervisor <launch_command>/);
    expect(help.stdout()).toContain("PROCESS_MAX_START_RETRIES");
    const version = run(["--version"]);
    expect((await version.exited()).code).toBe(0);
    const { version: expected } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(version.stdout()).toBe(`${expected}\n`);
    // Not the only argument: it is the command (which does not exist), not an option of ours.
    const asCommand = run(["--help", "x"], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await asCommand.exited()).code).toBe(127);
    expect(asCommand.stderr()).toContain("ERROR: --help: No such file or directory");
  });

  it.each([
    ["supervised", {}],
    ["run-once", { PROCESS_AUTO_RECOVERY: "false" }],
  ])("passes every argument through verbatim (%s)", async (_mode, env) => {
    const sup = run([process.execPath, "-e", printArgv, "--", ...TRICKY_ARGS], {
      ...env,
      PROCESS_START_SECONDS: "0",
      SUPERVISOR_PROGRAM__APP_AUTORESTART: "false",
    });
    const exit = await sup.exited();
    expect(exit.code).toBe(0);
    // node itself consumes the "--" after -e.
    expect(JSON.parse(sup.stdout())).toEqual(TRICKY_ARGS);
  });

  it("drops exactly one leading --", async () => {
    const sup = run(["--", "sh", "-c", 'printf "%s|" "$@"', "sh", "--", "--help"], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stdout()).toBe("--|--help|");
  });

  it("keeps the child's stdout and stderr separate and unchanged, its own lines on stderr", async () => {
    const script = "process.stdout.write('out 1\\nno newline'); process.stderr.write('err 1\\n'); process.stdout.write(' \\u00e9\\u2603\\n')";
    const sup = run([process.execPath, "-e", script], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stdout()).toBe("out 1\nno newline \u00e9\u2603\n");
    expect(sup.stderr()).toContain("err 1\n");
    expect(sup.stderr()).toContain("[INFO] standard-supervisor - Starting:");
  });

  it("mirrors the child's exit code, a signal death as 128+N, and a missing command as 127 in run-once mode", async () => {
    const fortyTwo = run(["sh", "-c", "echo 'Direct launch success'; exit 42"], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await fortyTwo.exited()).code).toBe(42);
    expect(fortyTwo.stdout()).toBe("Direct launch success\n");
    const killed = run(["sh", "-c", "kill -9 $$"], { PROCESS_AUTO_RECOVERY: "0" });
    expect((await killed.exited()).code).toBe(137);
    const missing = run(["/no/such/server", "--port", "8080"], { PROCESS_AUTO_RECOVERY: "false" });
    expect((await missing.exited()).code).toBe(127);
    expect(missing.stderr()).toContain("ERROR: /no/such/server: No such file or directory");
  });

  it.each([
    [{ PROCESS_MAX_START_RETRIES: "invalid_number" }, "PROCESS_MAX_START_RETRIES must be an integer, got 'invalid_number'"],
    [{ PROCESS_MAX_START_RETRIES: "150" }, "PROCESS_MAX_START_RETRIES must be between 0 and 100, got 150"],
    [{ PROCESS_MAX_START_RETRIES: "-5" }, "PROCESS_MAX_START_RETRIES must be an integer, got '-5'"],
    [{ LOG_LEVEL: "invalid" }, "LOG_LEVEL must be one of"],
    [{ LOG_LEVEL: "" }, "LOG_LEVEL must be one of"],
    [{ SAGEMAKER_CONTAINER_LOG_LEVEL: "loud" }, "SAGEMAKER_CONTAINER_LOG_LEVEL must be one of"],
    [{ PROCESS_AUTO_RECOVERY: "maybe" }, "PROCESS_AUTO_RECOVERY must be one of true, 1, yes, on, false, 0, no, off"],
    [{ PROCESS_START_SECONDS: "soon" }, "PROCESS_START_SECONDS must be a number of seconds, got 'soon'"],
    [{ PROCESS_STOP_TIMEOUT_SECONDS: "-1" }, "PROCESS_STOP_TIMEOUT_SECONDS must be a number of seconds"],
    [{ PROCESS_RESTART_BACKOFF_SECONDS: "61" }, "PROCESS_RESTART_BACKOFF_SECONDS must be between 0 and 60 seconds, got 61"],
    [{ PROCESS_RESTART_WINDOW_SECONDS: "0" }, "PROCESS_RESTART_WINDOW_SECONDS must be between 1 and 86400 seconds, got 0"],
    [{ STANDARD_AUTO_INSTALL_REQ: "perhaps" }, "STANDARD_AUTO_INSTALL_REQ must be one of"],
    [{ STANDARD_NPM_ARGS: '--registry "https://unclosed-quote' }, "STANDARD_NPM_ARGS cannot be split into arguments: no closing quotation"],
    [{ STANDARD_INSTALL_TIMEOUT: "1h" }, "STANDARD_INSTALL_TIMEOUT must be a number of seconds, got '1h'"],
    [{ SUPERVISOR_PROGRAM__APP_AUTORESTART: "sometimes" }, "SUPERVISOR_PROGRAM__APP_AUTORESTART must be one of"],
    [{ SUPERVISOR_PROGRAM__APP_STOPSIGNAL: "STOP" }, "SUPERVISOR_PROGRAM__APP_STOPSIGNAL must be one of"],
    [{ SUPERVISOR_PROGRAM__APP_EXITCODES: "0,256" }, "SUPERVISOR_PROGRAM__APP_EXITCODES must be a comma-separated list of exit codes 0-255"],
    [{ SUPERVISOR_PROGRAM__APP_STARTRETRIES: "x", PROCESS_MAX_START_RETRIES: "2" }, "SUPERVISOR_PROGRAM__APP_STARTRETRIES must be an integer"],
  ])("rejects %j with exit 2 before running anything", async (env, message) => {
    for (const mode of [{}, { PROCESS_AUTO_RECOVERY: "false" }]) {
      const sup = run(["sh", "-c", "echo child ran"], { ...mode, ...env });
      expect((await sup.exited()).code).toBe(2);
      expect(sup.stderr()).toContain(`standard-supervisor: Configuration error: ${message}`);
      expect(sup.stdout()).not.toContain("child ran");
    }
  });

  it("reports every bad variable at once", async () => {
    const sup = run(["true"], { PROCESS_MAX_START_RETRIES: "x", LOG_LEVEL: "y" });
    expect((await sup.exited()).code).toBe(2);
    expect(sup.stderr()).toContain("PROCESS_MAX_START_RETRIES must be an integer");
    expect(sup.stderr()).toContain("LOG_LEVEL must be one of");
  });

  it.each<Record<string, string>>([
    { PROCESS_MAX_START_RETRIES: "" },
    { PROCESS_MAX_START_RETRIES: " 0 " },
    { LOG_LEVEL: "DEBUG" },
    { LOG_LEVEL: "Warning" },
    { LOG_LEVEL: "trace", SAGEMAKER_CONTAINER_LOG_LEVEL: "20" },
    { PROCESS_AUTO_RECOVERY: "TRUE" },
    { PROCESS_AUTO_RECOVERY: "off" },
  ])("accepts %j", async (env) => {
    const sup = run(["true"], { ...env, SUPERVISOR_PROGRAM__APP_AUTORESTART: "false", PROCESS_START_SECONDS: "0" });
    expect((await sup.exited()).code).toBe(0);
  });

  it("follows LOG_LEVEL for its own lines and warns about ignored supervisord variables", async () => {
    const quiet = run(["true"], { PROCESS_AUTO_RECOVERY: "false", LOG_LEVEL: "error" });
    expect((await quiet.exited()).code).toBe(0);
    expect(quiet.stderr()).toBe("");
    const warned = run(["true"], { PROCESS_AUTO_RECOVERY: "false", SUPERVISOR_PROGRAM__APP_REDIRECT_STDERR: "true", STANDARD_PIP_ARGS: "-q" });
    expect((await warned.exited()).code).toBe(0);
    expect(warned.stderr()).toContain("[WARNING] standard-supervisor - SUPERVISOR_PROGRAM__APP_REDIRECT_STDERR is ignored");
    expect(warned.stderr()).toContain("STANDARD_PIP_ARGS is ignored");
  });
});
