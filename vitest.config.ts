import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "tests/unit/**/*.test.{ts,tsx}", "server/**/*.test.{ts,mjs}", "scripts/**/*.test.{ts,mjs}"],
    environment: "node",
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    // Database tests migrate a fresh SQLite file and encrypt rows; on a busy 2-core machine that can pass
    // vitest's 5 s default. Timeouts here only catch hangs: speed is measured in bench/, never in tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
