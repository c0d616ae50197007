import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds dist/ when stale: customer scripts and examples import the package by name.
    globalSetup: ["test/_global-setup.ts"],
    reporters: ["default"],
  },
});
