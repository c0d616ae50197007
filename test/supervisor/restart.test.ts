import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NODE, buildSupervisor, lines, runSupervisor, tempDir, testEnv, writeScript } from "./_helpers.ts";

let bin: Awaited<ReturnType<typeof buildSupervisor>>;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  bin = await buildSupervisor();
});
afterAll(() => bin?.dispose());
afterEach(() => dir?.dispose());

const FAST = { PROCESS_RESTART_BACKOFF_SECONDS: "0.1" };
const run = (args: readonly string[], env: Record<string, string>) => runSupervisor(NODE, bin.file, args, testEnv({ ...FAST, ...env }));

/** A child that appends one line per start to `starts` and then runs the given shell body. */
function child(body: string): { path: string; starts: string } {
  dir = tempDir();
  const starts = join(dir.path, "starts");
  return { path: writeScript(dir.path, "app.sh", `echo "$$" >> '${starts}'\nn=$(wc -l < '${starts}')\n${body}`), starts };
}

describe("restart policy", () => {
  it("retries a child that keeps crashing PROCESS_MAX_START_RETRIES times, then exits 1", async () => {
    const app = child("exit 3");
    const sup = run([app.path], { PROCESS_MAX_START_RETRIES: "2", PROCESS_START_SECONDS: "3" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(3);
    expect(sup.stderr()).toContain("exited: app (exit status 3; not expected)");
    expect(sup.stderr()).toContain("gave up: app entered FATAL state, too many start retries too quickly");
    // Linear backoff: the n-th retry waits n times PROCESS_RESTART_BACKOFF_SECONDS.
    expect(sup.stderr().match(/retrying in [\d.]+ s/g)).toEqual(["retrying in 0.1 s", "retrying in 0.2 s"]);
  });

  it("makes exactly one attempt with PROCESS_MAX_START_RETRIES=0, and counts exit 0 before startsecs as a failed start", async () => {
    const app = child("exit 0");
    const sup = run([app.path], { PROCESS_MAX_START_RETRIES: "0", PROCESS_START_SECONDS: "3" });
    expect((await sup.exited()).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(1);
  });

  it("uses the default of 3 retries (4 attempts) and the SUPERVISOR_PROGRAM__APP_STARTRETRIES override", async () => {
    const app = child("exit 1");
    const defaults = run([app.path], { PROCESS_START_SECONDS: "3" });
    expect((await defaults.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(4);
    const overridden = run([app.path], { PROCESS_START_SECONDS: "3", PROCESS_MAX_START_RETRIES: "3", SUPERVISOR_PROGRAM__APP_STARTRETRIES: "1" });
    expect((await overridden.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(4 + 2);
  });

  it("counts a command that cannot be spawned as a failed start", async () => {
    const sup = run(["/no/such/model-server"], { PROCESS_MAX_START_RETRIES: "1" });
    expect((await sup.exited()).code).toBe(1);
    expect(sup.stderr().match(/spawnerr: can't find command '\/no\/such\/model-server'/g)).toHaveLength(2);
    expect(sup.stderr()).toContain("gave up: app entered FATAL state");
  });

  it("resets the retry count after a successful start", async () => {
    // fail, run past startsecs then crash, fail, fail: without the reset the third start would already be fatal.
    const app = child(`[ "$n" -eq 2 ] && { sleep 3; exit 1; }\nexit 1`);
    const sup = run([app.path], { PROCESS_MAX_START_RETRIES: "1", PROCESS_START_SECONDS: "1.5" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(4);
    expect(sup.stderr()).toContain("success: app entered RUNNING state, process has stayed up for > than 1.5 seconds (startsecs)");
  });

  it("restarts at once after a successful start, whatever the exit code, with autorestart=true", async () => {
    const app = child(`[ "$n" -le 2 ] && { sleep 1.5; exit $((n * 255 - 255)); }\nexit 9`);
    const sup = run([app.path], { PROCESS_MAX_START_RETRIES: "0", PROCESS_START_SECONDS: "1" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(3);
    expect(sup.stderr()).toContain("exited: app (exit status 0; not expected)");
    expect(sup.stderr()).toContain("exited: app (exit status 255; expected)");
  });

  it("exits with the child's code when autorestart=false, or unexpected with an expected code", async () => {
    const app = child("sleep 1.5; exit 7");
    const never = run([app.path], { PROCESS_START_SECONDS: "1", SUPERVISOR_PROGRAM__APP_AUTORESTART: "false" });
    expect((await never.exited()).code).toBe(7);
    expect(lines(app.starts)).toHaveLength(1);
    const unexpected = run([app.path], {
      PROCESS_START_SECONDS: "1",
      SUPERVISOR_PROGRAM__APP_AUTORESTART: "unexpected",
      SUPERVISOR_PROGRAM__APP_EXITCODES: "0,7",
    });
    expect((await unexpected.exited()).code).toBe(7);
    expect(lines(app.starts)).toHaveLength(2);
  });

  it("gives up when PROCESS_RESTART_WINDOW_SECONDS sees more restarts than retries, even after successful starts", async () => {
    const app = child("sleep 1.2; exit 1");
    const sup = run([app.path], { PROCESS_MAX_START_RETRIES: "2", PROCESS_START_SECONDS: "0.5", PROCESS_RESTART_WINDOW_SECONDS: "600" });
    expect((await sup.exited(60_000)).code).toBe(1);
    expect(lines(app.starts)).toHaveLength(3);
    expect(sup.stderr()).toContain("more than 2 restarts within 600 s");
  });
});
