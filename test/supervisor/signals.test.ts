import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NODE, allGone, buildSupervisor, killQuietly, lines, runSupervisor, tempDir, testEnv, writeScript } from "./_helpers.ts";

let bin: Awaited<ReturnType<typeof buildSupervisor>>;
let dir: ReturnType<typeof tempDir>;
const leftovers: number[] = [];
beforeAll(async () => {
  bin = await buildSupervisor();
});
afterAll(() => bin?.dispose());
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
  dir?.dispose();
});

const run = (args: readonly string[], env: Record<string, string> = {}) => runSupervisor(NODE, bin.file, args, testEnv(env));

function fixture(): string {
  dir = tempDir();
  return dir.path;
}

describe("signals and shutdown", () => {
  it.each(["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP"] as const)("forwards %s as the stop signal to the child's group and exits 0", async (signal) => {
    const path = fixture();
    const marker = join(path, "marker");
    const app = writeScript(path, "app.sh", `trap 'echo "got TERM" > ${marker}; exit 0' TERM\necho ready\nwhile :; do sleep 0.1; done`);
    const sup = run([app]);
    await sup.waitFor(/ready/, "stdout");
    sup.kill(signal);
    const exit = await sup.exited();
    expect(exit.code).toBe(0);
    expect(lines(marker)).toEqual(["got TERM"]);
    expect(sup.stderr()).toContain(`received ${signal} indicating exit request`);
    expect(sup.stderr()).toMatch(/stopped: app \(exit status 0\)/);
  });

  it("SIGKILLs a group that ignores SIGTERM after the stop timeout, leaving nothing behind", async () => {
    const path = fixture();
    const pids = join(path, "pids");
    const app = writeScript(path, "app.sh", `trap '' TERM\necho $$ >> ${pids}\nsleep 300 &\necho $! >> ${pids}\necho ready\nwait`);
    const sup = run([app], { PROCESS_STOP_TIMEOUT_SECONDS: "1" });
    await sup.waitFor(/ready/, "stdout");
    const started = lines(pids).map(Number);
    leftovers.push(...started);
    expect(started).toHaveLength(2);
    sup.kill("SIGTERM");
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stderr()).toMatch(/killing 'app' \(\d+\) with SIGKILL: still running after 1 s/);
    expect(await allGone(started)).toBe(true);
  });

  it("escalates to SIGKILL at once on a second stop signal", async () => {
    const path = fixture();
    const app = writeScript(path, "app.sh", `trap '' TERM INT\necho ready\nwhile :; do sleep 0.1; done`);
    const sup = run([app], { PROCESS_STOP_TIMEOUT_SECONDS: "600" });
    await sup.waitFor(/ready/, "stdout");
    sup.kill("SIGTERM");
    await sup.waitFor(/received SIGTERM indicating exit request/);
    sup.kill("SIGINT");
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stderr()).toContain("received SIGINT again: killing 'app'");
    // The time since the first signal, not the 600 s stop timeout.
    const after = /still running after ([\d.]+) s/.exec(sup.stderr());
    expect(after).not.toBeNull();
    expect(Number(after![1])).toBeLessThan(600);
  });

  it("leaves no grandchild alive, including one that ignores SIGTERM after its parent exits", async () => {
    const path = fixture();
    const pids = join(path, "pids");
    const stubborn = writeScript(path, "stubborn.sh", `trap '' TERM\necho $$ >> ${pids}\nwhile :; do sleep 0.1; done`);
    const app = writeScript(
      path,
      "app.sh",
      `echo $$ >> ${pids}\nsleep 300 &\necho $! >> ${pids}\n(sleep 301 & echo $! >> ${pids}; wait) &\n${stubborn} &\nnode -e 'setInterval(() => {}, 1000)' &\necho $! >> ${pids}\nsleep 0.5\necho ready\nwait`,
    );
    const sup = run([app], { PROCESS_STOP_TIMEOUT_SECONDS: "20" });
    await sup.waitFor(/ready/, "stdout");
    const started = lines(pids).map(Number);
    leftovers.push(...started);
    expect(started.length).toBeGreaterThanOrEqual(5);
    sup.kill("SIGTERM");
    expect((await sup.exited()).code).toBe(0);
    // The leader died of SIGTERM at once, so the stubborn grandchild went down with the group, not after 20 s.
    expect(sup.stderr()).not.toContain("killing 'app'");
    expect(await allGone(started)).toBe(true);
  });

  it("kills what a crashed child left behind before restarting it", async () => {
    const path = fixture();
    const pids = join(path, "pids");
    const app = writeScript(path, "app.sh", `sleep 300 &\necho $! >> ${pids}\nexit 1`);
    const sup = run([app], { PROCESS_MAX_START_RETRIES: "1", PROCESS_RESTART_BACKOFF_SECONDS: "0.1", PROCESS_START_SECONDS: "5" });
    expect((await sup.exited()).code).toBe(1);
    const started = lines(pids).map(Number);
    leftovers.push(...started);
    expect(started).toHaveLength(2);
    expect(await allGone(started)).toBe(true);
  });

  it("exits 0 at once when stopped while waiting to retry", async () => {
    const sup = run(["sh", "-c", "exit 1"], { PROCESS_RESTART_BACKOFF_SECONDS: "60", PROCESS_START_SECONDS: "5" });
    await sup.waitFor(/retrying in 60 s/);
    sup.kill("SIGTERM");
    expect((await sup.exited(20_000)).code).toBe(0);
    expect(sup.stderr().match(/spawned: 'app'/g)).toHaveLength(1);
  });

  it("in run-once mode passes the received signal on and mirrors the child's status", async () => {
    const path = fixture();
    const dies = writeScript(path, "dies.sh", `echo ready\nexec sleep 300`);
    const sup = run([dies], { PROCESS_AUTO_RECOVERY: "false" });
    await sup.waitFor(/ready/, "stdout");
    sup.kill("SIGTERM");
    expect((await sup.exited()).code).toBe(143);

    const handles = writeScript(path, "handles.sh", `trap 'exit 5' HUP\necho ready\nwhile :; do sleep 0.1; done`);
    const sup2 = run([handles], { PROCESS_AUTO_RECOVERY: "false" });
    await sup2.waitFor(/ready/, "stdout");
    sup2.kill("SIGHUP");
    expect((await sup2.exited()).code).toBe(5);
  });

  it("forwards SIGUSR2 to the child without stopping it", async () => {
    const path = fixture();
    const app = writeScript(path, "app.sh", `trap 'echo usr2' USR2\ntrap 'exit 0' TERM\necho ready\nwhile :; do sleep 0.1; done`);
    const sup = run([app]);
    await sup.waitFor(/ready/, "stdout");
    sup.kill("SIGUSR2");
    await sup.waitFor(/usr2/, "stdout");
    sup.kill("SIGTERM");
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stderr()).not.toMatch(/spawned: 'app' with pid \d+[\s\S]*spawned: 'app'/);
  });
});
