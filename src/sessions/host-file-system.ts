import type { FileSystemHost } from "./file-store.ts";

type Loader = (id: string) => unknown;
type Globals = {
  process?: { getBuiltinModule?: Loader };
  navigator?: { userAgent?: string };
};

/**
 * The host's file system for a handler made from the core entry, without importing anything: Node
 * (20.16+), Bun and Deno expose their `node:` modules through `process.getBuiltinModule`. `undefined`
 * where there is none, and on workerd, whose `node:fs` (nodejs_compat) is a per-request scratch space
 * that no other isolate sees.
 */
export function hostFileSystem(): FileSystemHost | undefined {
  const g = globalThis as Globals;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return undefined;
  const process = g.process;
  if (typeof process?.getBuiltinModule !== "function") return undefined;
  try {
    const load: Loader = (id) => process.getBuiltinModule!.call(process, id);
    const fs = load("node:fs/promises") as Partial<FileSystemHost> | undefined;
    const path = load("node:path") as { join?: FileSystemHost["join"]; resolve?: FileSystemHost["resolve"] } | undefined;
    const os = load("node:os") as { tmpdir?: FileSystemHost["tmpdir"] } | undefined;
    if (!fs?.rename || !fs.chmod || !path?.join || !path.resolve || !os?.tmpdir) return undefined;
    const { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } = fs as FileSystemHost;
    return { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile, join: path.join, resolve: path.resolve, tmpdir: os.tmpdir };
  } catch {
    return undefined;
  }
}
