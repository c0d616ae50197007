import { existsSync } from "node:fs";
import { defineConfig } from "tsup";

const runtimeEntries: Record<string, string> = Object.fromEntries(
  ["node", "bun", "deno", "workers"]
    .filter((name) => existsSync(`runtimes/${name}/index.ts`))
    .map((name) => [`runtimes/${name}`, `runtimes/${name}/index.ts`]),
);
const testingEntry: Record<string, string> = existsSync("testing/index.ts") ? { testing: "testing/index.ts" } : {};
const redisEntry: Record<string, string> = existsSync("src/redis.ts") ? { redis: "src/redis.ts" } : {};
const supervisorEntry: Record<string, string> = existsSync("runtimes/supervisor/cli.ts") ? { supervisor: "runtimes/supervisor/cli.ts" } : {};

export default defineConfig({
  entry: { index: "src/index.ts", ...runtimeEntries, ...testingEntry, ...redisEntry, ...supervisorEntry },
  format: ["esm"],
  dts: true,
  target: "es2022",
  platform: "node",
  splitting: true,
  clean: true,
  external: [/^node:/, "bun", /^cloudflare:/, "@whatwg-node/server", "valibot", "@jmespath-community/jmespath"],
});
