/**
 * src/ is the runtime-free core: the lint rules in .oxlintrc.json must reject a runtime import or a
 * Node global there. Each probe goes into a copy of src/ that otherwise lints clean.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OXLINT = join(ROOT, "node_modules", "oxlint", "bin", "oxlint");

describe("the lint rules keep src/ free of runtimes", () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "mhcs-core-lint-"));
    cpSync(join(ROOT, "src"), join(copy, "src"), { recursive: true });
    cpSync(join(ROOT, ".oxlintrc.json"), join(copy, ".oxlintrc.json"));
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  function lint(probe?: string): { ok: boolean; output: string } {
    rmSync(join(copy, "src", "probe.ts"), { force: true });
    if (probe !== undefined) writeFileSync(join(copy, "src", "probe.ts"), probe);
    try {
      const output = execFileSync(process.execPath, [OXLINT, "-c", ".oxlintrc.json", "src"], { cwd: copy, encoding: "utf8", stdio: "pipe" });
      return { ok: true, output };
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: stdout + stderr };
    }
  }

  it("passes the copy of src/ as it is", () => {
    expect(lint()).toMatchObject({ ok: true });
  });

  it.each([
    ['import "node:fs/promises";', "node:fs/promises"],
    ['import { posix } from "node:path/posix";\nexport { posix };', "node:path/posix"],
    ['import { readFile } from "fs/promises";\nexport { readFile };', "fs/promises"],
    ['import os from "os";\nexport { os };', "'os'"],
    ['export * from "../runtimes/node/index.ts";', "runtimes/node"],
    ['import "../supervisor/cli.ts";', "../supervisor/cli.ts"],
    ['import "@whatwg-node/server";', "@whatwg-node/server"],
    ["export const env = process.env;", "'process'"],
    ['export const bytes = Buffer.from("x");', "'Buffer'"],
    ["export const deno = typeof Deno;", "'Deno'"],
  ])("rejects %j", (probe, culprit) => {
    const { ok, output } = lint(probe);
    expect(ok).toBe(false);
    expect(output).toContain("probe.ts");
    expect(output).toContain(culprit);
  });

  it("lets a web-standard module through", () => {
    expect(lint('import * as v from "valibot";\nexport const schema = v.string();\nexport const url = new URL("http://x/");')).toMatchObject({ ok: true });
  });
});

describe("the lint rules give the shims one face of the core", () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "mhcs-shim-lint-"));
    for (const folder of ["src", "runtimes"]) cpSync(join(ROOT, folder), join(copy, folder), { recursive: true });
    cpSync(join(ROOT, ".oxlintrc.json"), join(copy, ".oxlintrc.json"));
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  function lintShims(probe?: string): { ok: boolean; output: string } {
    const file = join(copy, "runtimes", "node", "probe.ts");
    rmSync(file, { force: true });
    if (probe !== undefined) writeFileSync(file, probe);
    try {
      return { ok: true, output: execFileSync(process.execPath, [OXLINT, "-c", ".oxlintrc.json", "runtimes"], { cwd: copy, encoding: "utf8", stdio: "pipe" }) };
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: stdout + stderr };
    }
  }

  it("passes runtimes/ as it is", () => {
    expect(lintShims()).toMatchObject({ ok: true });
  });

  it.each([
    ['import { createHandlerOn } from "../../src/handler.ts";\nexport { createHandlerOn };', "src/handler.ts"],
    ['import type { Platform } from "../../src/platform.ts";\nexport type { Platform };', "src/platform.ts"],
    ['export { LIMIT_BODY } from "../../src/_internal/wire.ts";', "src/_internal/wire.ts"],
    ['import "../../supervisor/cli.ts";', "supervisor/cli.ts"],
  ])("rejects %j", (probe, culprit) => {
    const { ok, output } = lintShims(probe);
    expect(ok).toBe(false);
    expect(output).toContain("probe.ts");
    expect(output).toContain(culprit);
  });

  it("lets the public and the internal face through", () => {
    expect(lintShims('export { createSageMakerHandler } from "../../src/index.ts";\nexport { createHandlerOn } from "../../src/internal.ts";')).toMatchObject({ ok: true });
  });
});
