import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { freePort } from "../support/free-port.ts";
import { ROOT, runScript, startExample } from "../support/process.ts";
import type { RunningExample } from "../support/process.ts";
import { compareOutput } from "./_compare.ts";
import { runCurl } from "./_curl.ts";
import { isCode, isExchange, shellCommands, shellWords, splitComment } from "./_extract.ts";
import type { CodeBlock } from "./_extract.ts";

const HOST_PORT = /(localhost|127\.0\.0\.1|0\.0\.0\.0):(\d+)/g;

/** The package's entries, mapped to the repository's sources. */
const PACKAGE_ENTRIES: Record<string, string> = {
  "model-hosting-container-standards": "src/index.ts",
  "model-hosting-container-standards/node": "runtimes/node/index.ts",
  "model-hosting-container-standards/bun": "runtimes/bun/index.ts",
  "model-hosting-container-standards/deno": "runtimes/deno/index.ts",
  "model-hosting-container-standards/workers": "runtimes/workers/index.ts",
  "model-hosting-container-standards/testing": "testing/index.ts",
  "model-hosting-container-standards/redis": "src/redis.ts",
};

/** Writes a tsconfig that maps the package name to the repository's sources, for tsx and tsc. */
export function writeTsconfig(dir: string): string {
  const path = join(dir, "tsconfig.json");
  // ESM, as in the package and its examples (top-level await).
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  const entry = (p: string) => [resolve(ROOT, p)];
  writeFileSync(
    path,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023", "DOM", "DOM.Iterable"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        allowImportingTsExtensions: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [resolve(ROOT, "node_modules/@types")],
        paths: Object.fromEntries(Object.entries(PACKAGE_ENTRIES).map(([name, file]) => [name, entry(file)])),
      },
      include: ["**/*.ts"],
    }),
  );
  // Deno reads no tsconfig paths: the same mapping as an import map.
  writeFileSync(join(dir, "deno.json"), JSON.stringify({ imports: Object.fromEntries(Object.entries(PACKAGE_ENTRIES).map(([name, file]) => [name, resolve(ROOT, file)])) }));
  return path;
}

/** Runs one section of a document: its files, scripts and curl exchanges, in order. */
export class SectionRun {
  readonly #dir: string;
  readonly #tsconfig: string;
  readonly #env: Record<string, string> = {};
  readonly #servers = new Map<string, RunningExample>();
  readonly #ports = new Map<string, string>();
  readonly #vars = new Map<string, string>();
  readonly #doc: string;

  constructor(dir: string, doc: string) {
    mkdirSync(dir, { recursive: true });
    this.#dir = dir;
    this.#doc = doc;
    this.#tsconfig = writeTsconfig(dir);
    // So that `npx tsx` inside the scratch directory (a supervised command) finds the repository's tsx.
    if (!existsSync(join(dir, "node_modules"))) symlinkSync(resolve(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  }

  async run(block: CodeBlock): Promise<void> {
    const where = `${this.#doc}:${block.line}`;
    if (block.marker?.type === "not-runnable") return;
    if (block.marker?.type === "example") {
      const file = resolve(ROOT, block.marker.value);
      if (!existsSync(file)) throw new Error(`${where}: <!-- example: ${block.marker.value} --> names a file that does not exist`);
      const actual = readFileSync(file, "utf8");
      if (actual.trimEnd() !== block.text.trimEnd()) {
        throw new Error(`${where}: the block differs from ${block.marker.value}; copy the file into the document again`);
      }
      return;
    }
    if (block.marker?.type === "file") {
      const target = join(this.#dir, block.marker.value);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, block.text);
      return;
    }
    if (isCode(block.lang)) return this.#script(block, where);
    if (isExchange(block)) return this.#exchange(block, where);
  }

  async close(): Promise<void> {
    for (const server of this.#servers.values()) await server.stop();
    this.#servers.clear();
  }

  async #script(block: CodeBlock, where: string): Promise<void> {
    const ext = block.lang.startsWith("j") || block.lang === "mjs" ? "mjs" : "ts";
    const file = join(this.#dir, `script-line-${block.line}.${ext}`);
    writeFileSync(file, this.#substitute(block.text));
    const result = await runScript(file, this.#substitutedEnv(), { cwd: this.#dir, tsconfig: this.#tsconfig, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`${where}: script exited with ${String(result.code)}\n${result.stdout}\n${result.stderr}`);
    if (block.expected) this.#compare(result.stdout, block.expected, where);
  }

  async #exchange(block: CodeBlock, where: string): Promise<void> {
    const outputs: string[] = [];
    for (const line of shellCommands(block.text)) {
      const { command, comment } = splitComment(line);
      const words = shellWords(command);
      if (words[0] === "export") {
        for (const assignment of words.slice(1)) this.#assign(assignment);
        continue;
      }
      const inline: Record<string, string> = {};
      while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
        const [name, ...rest] = (words.shift() as string).split("=");
        inline[name as string] = rest.join("=");
      }
      if (words[0] === "npm" && words[1] === "start") {
        await this.#start([startScriptFile(where)], inline, where);
      } else if (words[0] === "npx" && words[1] === "tsx") {
        await this.#start(words.slice(2), inline, where);
      } else if (words[0] === "bun" || (words[0] === "deno" && words[1] === "run")) {
        // `bun FILE` / `deno run [flags] FILE`: the repository's Bun and Deno (tsconfig paths / deno.json imports map the package).
        const runtime = words[0] === "bun" ? [resolve(ROOT, "node_modules/.bin/bun")] : [resolve(ROOT, "node_modules/.bin/deno"), "run"];
        const rest = words.slice(words[0] === "bun" ? (words[1] === "run" ? 2 : 1) : 2);
        while (rest[0]?.startsWith("-")) runtime.push(rest.shift() as string);
        await this.#start(rest, inline, where, false, runtime);
      } else if (words[0] === "npx" && words[1] === "standard-supervisor") {
        // The supervisor from the sources; it runs the rest of the line, here with tsx resolving the package.
        await this.#start([resolve(ROOT, "supervisor/cli.ts"), ...words.slice(2)], inline, where, true);
      } else if (words[0] === "curl") {
        const curlWords = shellWords(this.#substitute(command)).slice(Object.keys(inline).length);
        const result = await runCurl(curlWords.slice(1));
        this.#capture(result.headers);
        if (comment !== undefined && !block.expected) {
          this.#compare(result.output, { lang: "text", text: comment, line: block.line }, where);
        }
        outputs.push(result.output);
      }
    }
    if (block.expected) this.#compare(outputs.join("\n"), block.expected, where);
  }

  async #start(args: string[], inline: Record<string, string>, where: string, supervised = false, command?: string[]): Promise<void> {
    const [file, ...rest] = args;
    if (!file) throw new Error(`${where}: npx tsx without a file`);
    const env = { ...this.#substitutedEnv(), ...Object.fromEntries(Object.entries(inline).map(([k, v]) => [k, this.#substitute(v)])) };
    const portFlag = rest.indexOf("--port");
    let docPort: string;
    if (portFlag >= 0) {
      docPort = rest[portFlag + 1] ?? "";
      rest[portFlag + 1] = "0";
    } else {
      docPort = inline.SAGEMAKER_BIND_TO_PORT || inline.PORT || this.#env.SAGEMAKER_BIND_TO_PORT || this.#env.PORT || "8080";
    }
    await this.#servers.get(docPort)?.stop();
    // A supervised command names repository files (examples/...) relative to the repository, as a reader's clone has them.
    if (supervised) for (const [i, arg] of rest.entries()) if (!existsSync(join(this.#dir, arg)) && /\.[cm]?[jt]s$/.test(arg) && existsSync(resolve(ROOT, arg))) rest[i] = resolve(ROOT, arg);
    const local = join(this.#dir, file);
    const path = existsSync(local) ? local : isAbsolute(file) ? file : resolve(ROOT, file);
    // A restarted child must get its port back, so a supervised server gets a fixed free one.
    const port = supervised ? String(await freePort()) : "0";
    const server = await startExample(path, { ...env, PORT: port, SAGEMAKER_BIND_TO_PORT: port }, { args: rest, cwd: this.#dir, tsconfig: this.#tsconfig, timeoutMs: 120_000, ...(command ? { command } : {}) }).catch((error: unknown) => {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.#servers.set(docPort, server);
    this.#ports.set(docPort, new URL(server.url).port);
  }

  #assign(assignment: string): void {
    const [name, ...rest] = assignment.split("=");
    if (name) this.#env[name] = rest.join("=");
  }

  #substitutedEnv(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.#env).map(([k, v]) => [k, this.#substitute(v)]));
  }

  /** Documented ports -> the real ones; `<name>` placeholders -> captured values. */
  #substitute(text: string): string {
    let out = text.replace(HOST_PORT, (match, _host: string, port: string) => {
      const real = this.#ports.get(port);
      return real ? `127.0.0.1:${real}` : match;
    });
    for (const [name, value] of this.#vars) out = out.replaceAll(`<${name}>`, value);
    return out.replaceAll("$PWD", this.#dir);
  }

  #capture(headers: Headers | undefined): void {
    const created = headers?.get("x-amzn-sagemaker-new-session-id");
    if (created) this.#vars.set("session-id", created.split(";")[0]?.trim() ?? created);
  }

  #compare(actual: string, expected: NonNullable<CodeBlock["expected"]>, where: string): void {
    let text = expected.text;
    for (const [name, value] of this.#vars) text = text.replaceAll(`<${name}>`, value);
    const problem = compareOutput(actual, text);
    if (problem) throw new Error(`${where}: output differs from the document (expected block at line ${expected.line}): ${problem}\n--- actual ---\n${actual}\n--- expected ---\n${text}`);
  }
}

/** The file `npm start` runs: the package's start script, when it ends in `tsx FILE`. */
function startScriptFile(where: string): string {
  const scripts = (JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const file = /tsx\s+(\S+\.ts)\s*$/.exec(scripts.start ?? "")?.[1];
  if (!file) throw new Error(`${where}: npm start does not end in 'tsx FILE.ts' (${scripts.start ?? "no start script"})`);
  return resolve(ROOT, file);
}
