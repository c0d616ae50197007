/**
 * The project's vitest config narrowed to the test folders or files `npm run mutate` picked (MUTATE_TESTS,
 * comma-separated), without the dist/ build: a mutation run loads the sources, never the package.
 */
import { mergeConfig } from "vitest/config";
import base from "../../vitest.config.ts";

const folders = (process.env.MUTATE_TESTS ?? "").split(",").filter(Boolean);
if (folders.length === 0) throw new Error("MUTATE_TESTS is empty: run through `npm run mutate -- src/<folder>`");

const merged = mergeConfig(base, { test: { globalSetup: [] } });
// A test file runs as it is; a folder runs every test file under it.
merged.test!.include = folders.map((entry) => (entry.endsWith(".ts") ? entry : `${entry.replace(/\/$/, "")}/**/*.test.ts`));
merged.test!.globalSetup = [];
merged.test!.setupFiles = [...[merged.test!.setupFiles ?? []].flat(), "bench/mutation/worker-umask.ts"];
export default merged;
