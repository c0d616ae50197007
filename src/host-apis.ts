import type { FileKind } from "./platform.ts";
import type { FileSystemHost } from "./sessions/file-store.ts";

type Loader = (id: string) => unknown;
type Globals = {
  process?: { getBuiltinModule?: Loader };
  navigator?: { userAgent?: string };
};

/**
 * The host's `node:` modules for a handler made from the core entry, without importing anything: Node
 * (20.16+), Bun and Deno expose them through `process.getBuiltinModule`. `undefined` where there is none,
 * and on workerd, whose `node:fs` (nodejs_compat) is a per-request scratch space that no other isolate sees.
 */
function hostModule<T>(id: string): Partial<T> | undefined {
  const g = globalThis as Globals;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return undefined;
  const process = g.process;
  if (typeof process?.getBuiltinModule !== "function") return undefined;
  try {
    return process.getBuiltinModule.call(process, id) as Partial<T> | undefined;
  } catch {
    return undefined;
  }
}

/** The host's file system, as the file session store needs it. */
export function hostFileSystem(): FileSystemHost | undefined {
  const fs = hostModule<FileSystemHost>("node:fs/promises");
  const path = hostModule<Pick<FileSystemHost, "join" | "resolve">>("node:path");
  const os = hostModule<Pick<FileSystemHost, "tmpdir">>("node:os");
  if (!fs?.rename || !fs.chmod || !path?.join || !path.resolve || !os?.tmpdir) return undefined;
  const { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } = fs as FileSystemHost;
  return { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile, join: path.join, resolve: path.resolve, tmpdir: os.tmpdir };
}

type StatHost = { stat(path: string): Promise<{ isFile(): boolean }> };

/** What is at a path, read through the host's `node:fs`; `undefined` where the host has none. */
export function hostFileKind(): ((path: string) => Promise<FileKind>) | undefined {
  const fs = hostModule<StatHost>("node:fs/promises");
  const stat = fs?.stat;
  if (!stat) return undefined;
  return async (path) => {
    try {
      return (await stat(path)).isFile() ? "file" : "not a file";
    } catch {
      return "missing";
    }
  };
}

type ModuleHost = { createRequire(path: string): { resolve(specifier: string): string } };
type UrlHost = { pathToFileURL(path: string): { href: string } };
type PathHost = { join(...parts: string[]): string; isAbsolute(path: string): boolean };

/** Resolves a bare specifier from the model directory's node_modules through the host's `node:module`. */
export function hostModelDirResolver(): ((specifier: string, modelPath: string) => string | undefined) | undefined {
  const module = hostModule<ModuleHost>("node:module");
  const url = hostModule<UrlHost>("node:url");
  const path = hostModule<PathHost>("node:path");
  if (!module?.createRequire || !url?.pathToFileURL || !path?.join || !path.isAbsolute) return undefined;
  const { createRequire } = module as ModuleHost;
  const { pathToFileURL } = url as UrlHost;
  const { join, isAbsolute } = path as PathHost;
  return (specifier, modelPath) => {
    try {
      const resolved = createRequire(join(modelPath, "noop.js")).resolve(specifier);
      return isAbsolute(resolved) ? pathToFileURL(resolved).href : undefined;
    } catch {
      return undefined;
    }
  };
}
