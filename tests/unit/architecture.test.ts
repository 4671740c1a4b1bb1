import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const appDir = path.resolve(__dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  return [...source.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(["']([^"']+)["']\)/g)].map(
    (match) => match[1] ?? match[2] ?? "",
  );
}

// The classic compiler silently replaces *.server imports with empty modules in the browser build, so a
// wrong import only shows at run time. Keep the pure layers pure.
test.each(["domain", "components"])("app/%s imports no server-only module, database or Node built-in", (layer) => {
  for (const file of sourceFiles(path.join(appDir, layer))) {
    for (const specifier of imports(file)) {
      expect(specifier, path.relative(appDir, file)).not.toMatch(/\.server(\.tsx?)?$|^node:|prisma|@remix-run\/node/);
    }
  }
});

test("app/domain does no I/O and reads no clock", () => {
  for (const file of sourceFiles(path.join(appDir, "domain")).filter((f) => !f.endsWith(".test.ts"))) {
    const source = fs.readFileSync(file, "utf8");
    expect(source, path.relative(appDir, file)).not.toMatch(/Date\.now\(\)|new Date\(\)|fetch\(|process\.env|Math\.random/);
  }
});
