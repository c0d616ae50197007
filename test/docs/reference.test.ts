/**
 * The runbook's reference sections cannot drift from the code: every environment variable the code
 * reads is in the configuration reference (10.1) and every one there is read by the code; every export
 * of every entry, and every option of every options type, is in the API reference (13, 10.3); every
 * troubleshooting message (12.1) appears in the code, verbatim up to its `<placeholders>`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/process.ts";

const runbook = readFileSync(resolve(ROOT, "docs/runbook.md"), "utf8");

/** The text from the heading that starts with `start` up to the next heading of the same or higher level. */
function section(start: string): string {
  const lines = runbook.split("\n");
  const from = lines.findIndex((line) => line.startsWith(start));
  if (from < 0) throw new Error(`docs/runbook.md has no heading '${start}'`);
  const level = /^#+/.exec(start)![0].length;
  const to = lines.findIndex((line, i) => i > from && new RegExp(`^#{1,${level}}\\s`).test(line));
  return lines.slice(from, to < 0 ? undefined : to).join("\n");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const CODE_DIRS = ["src", "runtimes", "supervisor", "examples/sglang"].map((dir) => resolve(ROOT, dir));
const code = CODE_DIRS.flatMap(sourceFiles).map((file) => readFileSync(file, "utf8")).join("\n");
const backticked = (text: string): string[] => [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);

describe("configuration reference (10.1)", () => {
  const reference = section("### 10.1");
  const VARIABLE = /^(?:SAGEMAKER|CUSTOM|SGLANG|PROCESS|STANDARD|SUPERVISOR)_[A-Z0-9_]*[A-Z0-9]$|^(?:PORT|LOG_LEVEL)$/;
  // `env.NAME`, `env["NAME"]`, or a quoted/template string that is exactly NAME.
  const read = new Set(
    [...code.matchAll(/env(?:\.|\[["'])([A-Z][A-Z0-9_]+)|["'`]([A-Z][A-Z0-9_]+)["'`]/g)]
      .map((match) => (match[1] ?? match[2])!)
      .filter((name) => VARIABLE.test(name)),
  );
  const documented = new Set(
    backticked(reference)
      .flatMap((span) => span.split(/,\s*/))
      .map((name) => name.trim())
      .filter((name) => VARIABLE.test(name)),
  );

  it("finds the variables the code reads", () => {
    expect(read.size).toBeGreaterThan(20);
  });

  it("documents every variable the code reads", () => {
    expect([...read].filter((name) => !documented.has(name) && !reference.includes(`\`${name}`))).toEqual([]);
  });

  it("documents no variable the code does not read", () => {
    // Some names are composed: `SAGEMAKER_TRANSFORMS_${NAME}_DEFAULTS`, `${PREFIX}STARTSECS`.
    const composed = (name: string): boolean =>
      ["SAGEMAKER_TRANSFORMS_", "SUPERVISOR_PROGRAM__APP_"].some((prefix) => {
        const rest = name.slice(prefix.length).replace(/_DEFAULTS$/, "");
        return name.startsWith(prefix) && code.includes(prefix) && (code.includes(`"${rest}"`) || code.includes(`"${rest.toLowerCase()}"`));
      });
    expect([...documented].filter((name) => !code.includes(name) && !composed(name))).toEqual([]);
  });

  it("documents the SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS the code builds by name", async () => {
    // The names the code really reads: an environment that records every variable asked of it.
    const { readTransformDefaults } = await import("../../src/transforms/defaults.ts");
    const asked: string[] = [];
    readTransformDefaults(new Proxy({}, { get: (_target, name) => void asked.push(String(name)) }));
    expect(asked.length).toBeGreaterThan(0);
    for (const variable of asked) expect(reference, variable).toContain(`\`${variable}\``);
  });
});

describe("API reference (13, 10.3)", () => {
  const reference = `${section("## 13.")}\n${section("### 10.3")}`;
  const ENTRIES = ["src/index.ts", "runtimes/node/index.ts", "runtimes/bun/index.ts", "runtimes/deno/index.ts", "runtimes/workers/index.ts"];
  const program = ts.createProgram(
    ENTRIES.map((entry) => resolve(ROOT, entry)),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, allowImportingTsExtensions: true, noEmit: true, strict: true, skipLibCheck: true },
  );
  const checker = program.getTypeChecker();
  const exportsOf = (entry: string): ts.Symbol[] => {
    const file = program.getSourceFile(resolve(ROOT, entry));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`cannot read the exports of ${entry}`);
    return checker.getExportsOfModule(module);
  };
  const mentioned = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(reference);

  for (const entry of ENTRIES) {
    it(`lists every export of ${entry}`, () => {
      const names = exportsOf(entry).map((symbol) => symbol.getName());
      expect(names.length).toBeGreaterThan(entry.startsWith("src") ? 30 : 3);
      expect(names.filter((name) => !mentioned(name))).toEqual([]);
    });
  }

  it("lists every option of every exported options type and of SageMakerConfig", () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const entry of ENTRIES) {
      for (let symbol of exportsOf(entry)) {
        const name = symbol.getName();
        if (seen.has(name) || !(name.endsWith("Options") || name === "SageMakerConfig")) continue;
        seen.add(name);
        if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        for (const property of checker.getPropertiesOfType(type)) {
          if (!mentioned(property.getName())) missing.push(`${name}.${property.getName()}`);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(8);
    expect(missing).toEqual([]);
  });
});

describe("troubleshooting (12.1)", () => {
  const troubleshooting = section("### 12.1");
  // Messages that come from the runtime, not from this library.
  const NOT_OURS = new Set(["does not provide an export named ..."]);
  const messages = backticked(troubleshooting).filter((span) => span.length >= 20 && span.includes(" ") && !NOT_OURS.has(span) && !/^(import|export|const) /.test(span));

  it("has messages to check", () => {
    expect(messages.length).toBeGreaterThan(8);
  });

  // Every string and template literal of the code, `${...}` as a wildcard.
  const literals = [...code.matchAll(/`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g)].map((match) =>
    match[0].slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, WILDCARD),
  );

  it.each(messages)("%s is printed by the code", (message) => {
    // `<placeholder>` and `...` stand for values; a `{"detail":"..."}` body carries the message.
    const detail = /^\{"detail":\s*"(.*)"\}$/.exec(message)?.[1] ?? message;
    const pattern = detail.replace(/<[^>]*>|\.\.\./g, WILDCARD);
    const literalLength = (text: string): number => text.replaceAll(WILDCARD, "").length;
    const printed = literals.some((literal) => literalLength(literal) * 2 >= literalLength(pattern) && globsOverlap(pattern, literal));
    expect(printed, `no string in src/, runtimes/ or examples/sglang/ can print: ${detail}`).toBe(true);
  });
});

const WILDCARD = "\u0000";

/** Whether two patterns whose only wildcard is WILDCARD (any text) can produce the same string. */
function globsOverlap(a: string, b: string): boolean {
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    if (i === a.length && j === b.length) return true;
    const key = i * (b.length + 1) + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (a[i] === WILDCARD) stack.push([i + 1, j]);
    if (b[j] === WILDCARD) stack.push([i, j + 1]);
    if (a[i] === WILDCARD && j < b.length) stack.push([i, j + 1]);
    if (b[j] === WILDCARD && i < a.length) stack.push([i + 1, j]);
    if (i < a.length && j < b.length && a[i] === b[j] && a[i] !== WILDCARD) stack.push([i + 1, j + 1]);
  }
  return false;
}
