import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { planInstall } from "../../supervisor/install-plan.ts";
import type { InstallSettings } from "../../supervisor/settings.ts";
import { tempDir } from "./_helpers.ts";

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  dir?.dispose();
  dir = undefined;
});

function model(files: Record<string, string>): InstallSettings {
  dir = tempDir("sup-plan-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir.path, name, ".."), { recursive: true });
    writeFileSync(join(dir.path, name), text);
  }
  return { enabled: true, modelDir: dir.path, extraArgs: [], timeoutSeconds: undefined };
}
const manifest = JSON.stringify({ dependencies: { a: "1", "@scope/b": "2" }, devDependencies: { c: "3" } });

describe("installer selection", () => {
  it.each([
    ["package-lock.json", ["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["npm-shrinkwrap.json", ["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["bun.lock", ["bun", "install", "--frozen-lockfile", "--production"]],
    ["bun.lockb", ["bun", "install", "--frozen-lockfile", "--production"]],
    ["deno.lock", ["deno", "install", "--frozen-lockfile", "--prod"]],
    ["pnpm-lock.yaml", ["pnpm", "install", "--frozen-lockfile", "--prod"]],
    ["yarn.lock", ["yarn", "install", "--frozen-lockfile", "--production"]],
  ])("picks the tool from %s", (lockfile, command) => {
    const plan = planInstall(model({ "package.json": manifest, [lockfile]: "" }), ["node", "server.js"]);
    expect(plan).toMatchObject({ kind: "run", command, missing: ["a", "@scope/b"] });
  });

  it.each([
    ["node", ["npm", "install", "--omit=dev", "--no-audit", "--no-fund"]],
    ["/usr/local/bin/bun", ["bun", "install", "--production"]],
    ["deno", ["deno", "install", "--prod"]],
    ["vllm", ["npm", "install", "--omit=dev", "--no-audit", "--no-fund"]],
  ])("without a lockfile follows the launch command %s (else the running runtime)", (launcher, command) => {
    const settings = { ...model({ "package.json": manifest }), extraArgs: ["--ignore-scripts"] };
    expect(planInstall(settings, [launcher, "x"])).toMatchObject({ kind: "run", command: [...command, "--ignore-scripts"] });
  });

  it("installs only what is missing and skips a complete node_modules", () => {
    const partial = model({ "package.json": manifest, "node_modules/a/package.json": "{}" });
    expect(planInstall(partial, ["node"])).toMatchObject({ kind: "run", missing: ["@scope/b"] });
    const complete = model({ "package.json": manifest, "node_modules/a/package.json": "{}", "node_modules/@scope/b/package.json": "{}" });
    expect(planInstall(complete, ["node"])).toMatchObject({ kind: "skip", level: "info" });
  });

  it("skips a manifest without dependencies, a missing manifest and a disabled step; fails bad manifests", () => {
    expect(planInstall(model({ "package.json": JSON.stringify({ devDependencies: { c: "1" } }) }), ["node"])).toMatchObject({ kind: "skip", level: "debug" });
    expect(planInstall(model({}), ["node"])).toMatchObject({ kind: "skip", level: "debug" });
    expect(planInstall({ ...model({ "package.json": "nope" }), enabled: false }, ["node"])).toMatchObject({ kind: "skip", level: "info" });
    expect(planInstall(model({ "package.json": "[]" }), ["node"])).toMatchObject({ kind: "fail", reason: expect.stringContaining("not a JSON object") });
    expect(planInstall(model({ "package.json": '{"dependencies": []}' }), ["node"])).toMatchObject({ kind: "fail" });
  });
});
