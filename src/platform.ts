import type { Logger } from "./logging.ts";
import { createFileStoreOn } from "./sessions/file-store.ts";
import { hostFileKind, hostFileSystem, hostModelDirResolver } from "./host-apis.ts";
import type { SessionStore } from "./sessions/store.ts";
import type { Env } from "./types.ts";

export type FileKind = "file" | "not a file" | "missing";

/** What a runtime entry tells the core about its host; the core itself touches no runtime API. */
export interface Platform {
  readonly name: string;
  /** The process environment, read at `ready()`, never at import. */
  readEnv(): Env;
  /**
   * What is at `path`: a regular file, something else (a directory, a device: importing `/dev/zero`
   * would read forever) or nothing. Without it, script discovery probes by importing.
   */
  fileKind?(path: string): Promise<FileKind>;
  /**
   * Where a bare specifier of a handler spec (`package:fn`) resolves from the model directory, so that
   * packages installed there are found; `undefined` leaves it to the default `import()` resolution.
   */
  resolveFromModelDir?(specifier: string, modelPath: string): string | undefined;
  /** The working directory a relative `SAGEMAKER_MODEL_PATH` is resolved against, where there is one. */
  cwd?(): string;
  /** Whether `import()` of a `.ts` file works here (Bun, Deno, Node with type stripping). */
  readonly runsTypeScript: boolean;
  /**
   * The default session store when sessions are on and none is configured; `undefined` (or no method)
   * where there is no file system: the core then uses a memory store and says so once.
   */
  createSessionStore?(options: { env: Env; logger: Logger }): SessionStore | undefined;
}

type Globals = {
  process?: { env?: Env; features?: { typescript?: unknown }; cwd?(): string };
  Deno?: { env?: { toObject(): Env }; cwd?(): string };
  Bun?: unknown;
};

/**
 * The platform of a handler made from the core entry: whatever the host exposes, found without importing
 * anything. On Node (20.16+), Bun and Deno that is the same file system, model-directory resolution and
 * file session store as the runtime entries', so such a handler behaves alike under any `serve()`.
 */
export function genericPlatform(): Platform {
  const g = globalThis as Globals;
  const fileKind = hostFileKind();
  const resolveFromModelDir = hostModelDirResolver();
  return {
    name: "generic",
    ...(fileKind ? { fileKind } : {}),
    ...(resolveFromModelDir ? { resolveFromModelDir } : {}),
    readEnv() {
      try {
        if (g.Deno?.env) return g.Deno.env.toObject();
      } catch {
        // no --allow-env: behave as an empty environment
      }
      return g.process?.env ?? {};
    },
    cwd() {
      try {
        return g.Deno?.cwd?.() ?? g.process?.cwd?.() ?? "/";
      } catch {
        return "/";
      }
    },
    runsTypeScript: g.Bun !== undefined || g.Deno !== undefined || Boolean(g.process?.features?.typescript),
    // A handler from the core entry served by toNodeListener, `bun run` or `deno serve` shares the file
    // store with the other processes, as one from a runtime entry does (looked up when first needed).
    createSessionStore: (options) => {
      const fs = hostFileSystem();
      return fs ? createFileStoreOn(fs, options) : undefined;
    },
  };
}
