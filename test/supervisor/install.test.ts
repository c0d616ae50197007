import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NODE, allGone, buildSupervisor, killQuietly, runSupervisor, tempDir, testEnv } from "./_helpers.ts";

let bin: Awaited<ReturnType<typeof buildSupervisor>>;
let packages: ReturnType<typeof tempDir>;
let tarball: string;
let slowTarball: string;
let model: ReturnType<typeof tempDir> | undefined;
const leftovers: number[] = [];

function pack(dir: string, manifest: object, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", packages.path], { cwd: dir, encoding: "utf8" }).trim().split("\n").at(-1) as string;
  return join(packages.path, name);
}

beforeAll(async () => {
  bin = await buildSupervisor();
  packages = tempDir("sup-packages-");
  const marker = "require('fs').writeFileSync('postinstall-ran', '1')";
  tarball = pack(
    join(packages.path, "greeting"),
    { name: "greeting", version: "1.0.0", type: "module", main: "index.js", scripts: { postinstall: `node -e "${marker}"` } },
    { "index.js": "export const greet = (name) => `hello ${name}`;\n" },
  );
  const hang = "require('fs').writeFileSync(process.env.INSTALLER_PID_FILE, String(process.pid)); setInterval(() => {}, 1000)";
  slowTarball = pack(
    join(packages.path, "slow"),
    { name: "slow", version: "1.0.0", main: "index.js", scripts: { postinstall: `node -e "${hang}"` } },
    { "index.js": "module.exports = 1;\n" },
  );
}, 120_000);
afterAll(() => {
  bin?.dispose();
  packages?.dispose();
});
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
  model?.dispose();
  model = undefined;
});

const MAIN = 'import { greet } from "greeting";\nconsole.log(greet("model"));\n';

/** A model directory with package.json (and optionally a lockfile) and a main.mjs that imports the dependency. */
function modelDir(dependencies: Record<string, string>, options: { lock?: boolean; devDependencies?: Record<string, string> } = {}): string {
  model = tempDir("sup-model-");
  writeFileSync(join(model.path, "package.json"), JSON.stringify({ name: "model", private: true, type: "module", dependencies, devDependencies: options.devDependencies }));
  writeFileSync(join(model.path, "main.mjs"), MAIN);
  if (options.lock) execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: model.path, stdio: "ignore" });
  return model.path;
}

const run = (dir: string, args: readonly string[], env: Record<string, string> = {}) =>
  runSupervisor(NODE, bin.file, args, testEnv({ SAGEMAKER_MODEL_PATH: dir, PROCESS_AUTO_RECOVERY: "false", ...env }));

describe("dependency installation", () => {
  it("runs npm ci --omit=dev with a lockfile, from a local tarball, before the child starts", async () => {
    const dir = modelDir({ greeting: `file:${tarball}` }, { lock: true, devDependencies: { "dev-only": "file:./no-such-dir" } });
    const sup = run(dir, [process.execPath, join(dir, "main.mjs")]);
    expect((await sup.exited(120_000)).code).toBe(0);
    expect(sup.stdout()).toBe("hello model\n");
    expect(sup.stderr()).toMatch(/Installing dependencies in .* \(missing: greeting\): npm ci --omit=dev --no-audit --no-fund/);
    expect(sup.stderr()).toContain("Dependency installation completed successfully");
    expect(existsSync(join(dir, "node_modules/greeting/postinstall-ran"))).toBe(true);
    expect(existsSync(join(dir, "node_modules/dev-only"))).toBe(false);

    // node_modules is now complete: no installer runs, so even a broken lockfile does not matter.
    writeFileSync(join(dir, "package-lock.json"), "{ broken");
    const again = run(dir, [process.execPath, join(dir, "main.mjs")]);
    expect((await again.exited(60_000)).code).toBe(0);
    expect(again.stdout()).toBe("hello model\n");
    expect(again.stderr()).toContain("already holds all 1 dependencies: not installing");
  });

  it("runs npm install --omit=dev without a lockfile and appends STANDARD_NPM_ARGS", async () => {
    const dir = modelDir({ greeting: `file:${tarball}` });
    const sup = run(dir, [process.execPath, join(dir, "main.mjs")], { STANDARD_NPM_ARGS: "--ignore-scripts '--loglevel=warn'" });
    expect((await sup.exited(120_000)).code).toBe(0);
    expect(sup.stdout()).toBe("hello model\n");
    expect(sup.stderr()).toContain("npm install --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=warn");
    expect(existsSync(join(dir, "node_modules/greeting/index.js"))).toBe(true);
    expect(existsSync(join(dir, "node_modules/greeting/postinstall-ran"))).toBe(false);
  });

  it("stops startup with exit 1 and the installer's output when the install fails", async () => {
    const dir = modelDir({ greeting: `file:${tarball}`, missing: "file:./does-not-exist.tgz" });
    const sup = run(dir, ["sh", "-c", "echo started ok"], { PROCESS_AUTO_RECOVERY: "true" });
    expect((await sup.exited(120_000)).code).toBe(1);
    expect(sup.stdout()).not.toContain("started ok");
    expect(sup.stderr()).toMatch(/npm error/);
    expect(sup.stderr()).toMatch(/Dependency installation failed \(exit status \d+\); see the npm output above/);
    expect(sup.stderr()).toContain("Dependency installation failed, aborting startup");
  });

  it("skips the install when STANDARD_AUTO_INSTALL_REQ is false, and is a no-op without package.json", async () => {
    const dir = modelDir({ missing: "file:./does-not-exist.tgz" });
    const disabled = run(dir, ["sh", "-c", "echo started ok"], { STANDARD_AUTO_INSTALL_REQ: "False" });
    expect((await disabled.exited()).code).toBe(0);
    expect(disabled.stdout()).toBe("started ok\n");
    expect(disabled.stderr()).toContain("Automatic dependency installation disabled");

    const empty = tempDir("sup-model-");
    writeFileSync(join(empty.path, "requirements.txt"), "torch\n");
    const none = run(empty.path, ["sh", "-c", "echo started ok"]);
    expect((await none.exited()).code).toBe(0);
    expect(none.stdout()).toBe("started ok\n");
    expect(none.stderr()).toContain("requirements.txt is not installed");
    empty.dispose();
  });

  it("installs once before the first start, not on restarts", async () => {
    const dir = modelDir({ greeting: `file:${tarball}` }, { lock: true });
    const sup = run(dir, ["sh", "-c", "exit 1"], { PROCESS_AUTO_RECOVERY: "true", PROCESS_MAX_START_RETRIES: "2", PROCESS_RESTART_BACKOFF_SECONDS: "0.1" });
    expect((await sup.exited(120_000)).code).toBe(1);
    expect(sup.stderr().match(/Installing dependencies/g)).toHaveLength(1);
    expect(sup.stderr().match(/spawned: 'app'/g)).toHaveLength(3);
  });

  it("fails a manifest that is not JSON", async () => {
    model = tempDir("sup-model-");
    writeFileSync(join(model.path, "package.json"), "{ nope");
    const sup = run(model.path, ["sh", "-c", "echo started ok"]);
    expect((await sup.exited()).code).toBe(1);
    expect(sup.stderr()).toContain(`cannot read ${join(model.path, "package.json")}`);
    expect(sup.stdout()).toBe("");
  });

  it("kills a hanging installer and exits 0 on SIGTERM, and fails after STANDARD_INSTALL_TIMEOUT", async () => {
    const dir = modelDir({ slow: `file:${slowTarball}` });
    const pidFile = join(dir, "installer.pid");
    const sup = run(dir, ["sh", "-c", "echo started ok"], { INSTALLER_PID_FILE: pidFile, PROCESS_AUTO_RECOVERY: "true" });
    await sup.waitFor(/Installing dependencies/);
    const deadline = Date.now() + 60_000;
    while (!existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const installerPid = Number(readFileSync(pidFile, "utf8"));
    leftovers.push(installerPid);
    sup.kill("SIGTERM");
    expect((await sup.exited()).code).toBe(0);
    expect(sup.stdout()).toBe("");
    expect(sup.stderr()).toContain("Dependency installation interrupted by a stop request");
    expect(await allGone([installerPid])).toBe(true);

    const timed = run(dir, ["sh", "-c", "echo started ok"], { INSTALLER_PID_FILE: pidFile, STANDARD_INSTALL_TIMEOUT: "3" });
    expect((await timed.exited(120_000)).code).toBe(1);
    expect(timed.stdout()).toBe("");
    expect(timed.stderr()).toContain("still running after STANDARD_INSTALL_TIMEOUT=3 s");
    leftovers.push(Number(readFileSync(pidFile, "utf8")));
    expect(await allGone(leftovers)).toBe(true);
  });
});
