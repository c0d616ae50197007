import { defineConfig } from "tsup";

const libraryEntries: Record<string, string> = {
  index: "src/index.ts",
  redis: "src/redis.ts",
  testing: "testing/index.ts",
  "runtimes/node": "runtimes/node/index.ts",
  "runtimes/bun": "runtimes/bun/index.ts",
  "runtimes/deno": "runtimes/deno/index.ts",
  "runtimes/workers": "runtimes/workers/index.ts",
};

export default defineConfig({
  entry: { ...libraryEntries, supervisor: "supervisor/cli.ts" },
  format: ["esm"],
  // The supervisor is a program (the `standard-supervisor` bin), not an import: no declarations for it.
  dts: { entry: libraryEntries },
  target: "es2022",
  platform: "node",
  splitting: true,
  clean: true,
  external: [/^node:/, "bun", /^cloudflare:/, "@whatwg-node/server", "valibot", "@jmespath-community/jmespath"],
});
