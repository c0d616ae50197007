/**
 * Every example in the runbook and the README runs, and prints what the document says it prints.
 * Conventions: test/docs/extract.ts (and docs/runbook.md section 11.5).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/process.ts";
import * as core from "../../src/index.ts";
import * as node from "../../runtimes/node/index.ts";
import { extractBlocks, extractRequires, isCode, isExchange, uncomparedOutputs } from "./_extract.ts";
import type { CodeBlock } from "./_extract.ts";
import { SectionRun, writeTsconfig } from "./_runner.ts";

const DOCUMENTS = ["docs/runbook.md", "README.md"].filter((doc) => existsSync(resolve(ROOT, doc)));
const scratch = mkdtempSync(join(tmpdir(), "mhcs-docs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const runnable = (block: CodeBlock) => block.marker !== undefined || isCode(block.lang) || isExchange(block);
const exported = new Set([...Object.keys(core), ...Object.keys(node)]);

describe.each(DOCUMENTS)("%s", (doc) => {
  const markdown = readFileSync(resolve(ROOT, doc), "utf8");
  const blocks = extractBlocks(markdown);
  const requires = extractRequires(markdown);
  const missing = (index: number) => (requires.get(index) ?? []).filter((name) => !exported.has(name));
  const sections = new Map<number, CodeBlock[]>();
  for (const block of blocks.filter(runnable)) sections.set(block.sectionIndex, [...(sections.get(block.sectionIndex) ?? []), block]);

  it("has runnable examples", () => {
    expect(sections.size).toBeGreaterThan(0);
  });

  it("compares every output block shown after an example (no long prose in between)", () => {
    expect(uncomparedOutputs(blocks).map((block) => `line ${block.line}: ${block.text.slice(0, 40)}`)).toEqual([]);
  });

  for (const [index, section] of sections) {
    const title = section[0]?.section || "(top)";
    const waitingFor = missing(index);
    const name = `${title} (line ${section[0]?.line})${waitingFor.length ? ` [waits for ${waitingFor.join(", ")}]` : ""}`;
    it.skipIf(waitingFor.length > 0)(name, async () => {
      // One working directory per document, as a reader has: files from earlier sections stay.
      const run = new SectionRun(join(scratch, doc.replace(/\W/g, "_"), "work"), doc);
      try {
        for (const block of section) await run.run(block);
      } finally {
        await run.close();
      }
    }, 300_000);
  }

  it("TypeScript blocks typecheck against the current API", async () => {
    const dir = join(scratch, doc.replace(/\W/g, "_"), "typecheck");
    mkdirSync(dir, { recursive: true });
    const tsconfig = writeTsconfig(dir);
    let count = 0;
    for (const block of blocks) {
      if (block.marker?.type === "not-runnable" || block.marker?.type === "example") continue;
      if (missing(block.sectionIndex).length > 0) continue;
      if (!(block.lang === "ts" || block.lang === "typescript")) continue;
      const name = block.marker?.type === "file" ? block.marker.value : `script-line-${block.line}.ts`;
      if (!name.endsWith(".ts")) continue;
      const target = join(dir, `b${block.line}`, name);
      mkdirSync(join(target, ".."), { recursive: true });
      writeFileSync(target, block.text);
      count++;
    }
    if (count === 0) return;
    const tsc = resolve(ROOT, "node_modules/typescript/bin/tsc");
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", tsconfig], { cwd: dir }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe("");
  }, 300_000);
});
