// Only node:fs/promises, node:path and node:os APIs that Bun and Deno also implement:
// the Bun and Deno entries reuse this file as it is.
import { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { createFileStoreOn } from "../../src/internal.ts";
import type { FileSessionStoreOptions, FileSystemHost, SessionStore } from "../../src/internal.ts";

export type { FileSessionStoreOptions } from "../../src/internal.ts";

const host: FileSystemHost = { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile, join, resolve, tmpdir };

/**
 * Sessions as directories shared by every process using the same root (see `src/sessions/file-store.ts`):
 * `<root>/<id>/.expiration_ts` plus one file per data key, atomic create, delete and replace.
 */
export function createFileSessionStore(options: FileSessionStoreOptions = {}): SessionStore {
  return createFileStoreOn(host, options);
}
