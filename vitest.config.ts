import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name; under test they run against the sources (tsconfig `paths` twin).
    alias: [
      { find: /^model-hosting-container-standards$/, replacement: source("./src/index.ts") },
      { find: /^model-hosting-container-standards\/(node|bun|deno|workers)$/, replacement: source("./runtimes/$1/index.ts") },
      { find: /^model-hosting-container-standards\/testing$/, replacement: source("./testing/index.ts") },
      { find: /^model-hosting-container-standards\/redis$/, replacement: source("./src/redis.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds dist/ when stale: customer scripts and examples import the package by name.
    globalSetup: ["test/support/global-setup.ts"],
    reporters: ["default"],
  },
});
