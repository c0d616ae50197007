/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh project, and compile a
 * strict consumer against the shipped declarations, without the DOM lib and without skipLibCheck,
 * under both `nodenext` and `bundler` resolution.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const NAME = "model-hosting-container-standards";

// Every public entry point, and each marker's callback typed from context only (no annotations).
const CONSUMER = `
import {
  createSageMakerHandler,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  HttpError,
  inputFormatter,
  outputFormatter,
  SageMakerConfigError,
} from "${NAME}";
import { serve } from "${NAME}/node";
import * as bun from "${NAME}/bun";
import * as deno from "${NAME}/deno";
import * as workers from "${NAME}/workers";

customPingHandler(async (request, context) => ({ healthy: request.method === "GET", env: context.env["X"] ?? null }));
customInvocationHandler(async (request) => new Response(await request.text()));
customInvocationHandler((request) => {
  request.headers.get("x"); // no return statement: an empty 200
});
customMiddleware("throttle")(async (request, next) => next(request));
customMiddleware("pre_post_process")((request, next) => next(new Request(request.url, request)));
inputFormatter(async (request) => {
  const body: unknown = await request.json();
  return new Request(request.url, { method: "POST", body: JSON.stringify(body) });
});
outputFormatter((response) => {
  response.headers.set("x-post", "1");
});

const handler = createSageMakerHandler({ ping: () => ({ status: "ok" }) });
const error: HttpError = new HttpError(429, "slow down", { headers: { "retry-after": "1" } });
const configError: SageMakerConfigError | undefined = undefined;
export { bun, configError, deno, error, handler, serve, workers };
`;

const STRICT = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  lib: ["ES2023"],
  types: ["node"],
  target: "ES2022",
};

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function tsc(project: string, config: string): void {
  try {
    run(process.execPath, [TSC, "-p", config], project);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${config} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

describe("the packed package", () => {
  let work: string;
  let project: string;
  let files: string[];
  let manifest: { scripts?: Record<string, string>; repository?: unknown; homepage?: string; bugs?: unknown };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "mhcs-pack-"));
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT)) as [
      { filename: string; files: { path: string }[] },
    ];
    files = packed.files.map((file) => file.path);
    project = join(work, "consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // The dependencies come from the npm cache that `npm ci` filled; @types/node is the repository's own.
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", join(work, packed.filename)], project);
    mkdirSync(join(project, "node_modules", "@types"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(project, "node_modules", "@types", "node"), "dir");
    manifest = JSON.parse(readFileSync(join(project, "node_modules", NAME, "package.json"), "utf8"));
    writeFileSync(join(project, "consumer.ts"), CONSUMER);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships the license, the readme and the library, and no declarations for the supervisor program", () => {
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/supervisor.js"]));
    expect(files).not.toContain("dist/supervisor.d.ts");
    expect(readFileSync(join(project, "node_modules", NAME, "LICENSE"), "utf8")).toContain("Apache License");
  });

  it("runs nothing on the user's install and says where it comes from", () => {
    const installScripts = Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?install$/.test(name));
    expect(installScripts).toEqual([]);
    // `prepare` never runs on an install from the registry; it sets up the repository's own llama.cpp example
    // (after `npm ci` here, or in the throw-away clone npm packs a git dependency from), never the user's tree.
    expect(manifest.scripts?.prepare ?? "node examples/llama-cpp/install.mjs").toBe("node examples/llama-cpp/install.mjs");
    expect(manifest.repository).toMatchObject({ url: expect.stringMatching(/^git\+https:\/\//) });
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs).toMatchObject({ url: expect.stringMatching(/^https:\/\//) });
  });

  it("compiles for a strict Node project without the DOM lib, module nodenext", () => {
    const config = { compilerOptions: { ...STRICT, module: "nodenext", moduleResolution: "nodenext" }, files: ["consumer.ts"] };
    writeFileSync(join(project, "tsconfig.nodenext.json"), JSON.stringify(config));
    tsc(project, "tsconfig.nodenext.json");
  }, 60_000);

  it("compiles for a strict Node project without the DOM lib, moduleResolution bundler", () => {
    const config = { compilerOptions: { ...STRICT, module: "esnext", moduleResolution: "bundler" }, files: ["consumer.ts"] };
    writeFileSync(join(project, "tsconfig.bundler.json"), JSON.stringify(config));
    tsc(project, "tsconfig.bundler.json");
  }, 60_000);

  it("fails to compile a callback that contradicts its marker (the check can fail)", () => {
    writeFileSync(join(project, "wrong.ts"), `import { outputFormatter } from "${NAME}";\noutputFormatter((response) => response.nonexistent);\n`);
    const config = { compilerOptions: { ...STRICT, module: "nodenext", moduleResolution: "nodenext" }, files: ["wrong.ts"] };
    writeFileSync(join(project, "tsconfig.wrong.json"), JSON.stringify(config));
    expect(() => tsc(project, "tsconfig.wrong.json")).toThrow(/nonexistent/);
  }, 60_000);
});

describe("the README on the npm page", () => {
  const { homepage } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { homepage: string };
  const BASE = `${homepage.replace(/#readme$/, "")}/`;
  const links = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);

  it("links only by absolute URL (npm does not resolve relative links)", () => {
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !link.startsWith("https://"))).toEqual([]);
  });

  it("links into this repository only at paths that exist", () => {
    const missing = links
      .filter((link) => link.startsWith(BASE))
      .map((link) => link.slice(BASE.length).replace(/^(blob|tree)\/main\//, "").split("#")[0]!)
      .filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });
});
