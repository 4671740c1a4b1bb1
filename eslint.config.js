// ESLint flat config. Besides the usual recommended rule sets, `no-restricted-imports` encodes the layers of
// the app (docs/decisions/031): a wrong import fails `npm run lint`, and tests/unit/lint-rules.test.ts proves
// every layer rule fires. tests/unit/architecture.test.ts checks the same boundaries by reading the sources.
import { builtinModules } from "node:module";
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

// Import specifiers are matched as written: `~/models/x`, `../models/x` and `../../app/models/x` name the same
// folder, so each layer pattern accepts `~/`, any run of `../`, and an optional `app/`.
const layer = (folder) => new RegExp(`^(?:~/|(?:\\.\\./)+(?:app/)?)${folder}(?:/|$)`).source;

const nodeBuiltins = {
  regex: `^(?:node:.*|${builtinModules.filter((name) => !name.startsWith("_")).join("|")})(?:/.*)?$`,
  message: "The domain is pure: no Node built-ins, no I/O. Pass what it needs in as arguments.",
};
const serverOnly = {
  regex: "\\.server(?:\\.[cm]?[jt]sx?)?$|^@remix-run/node$",
  message:
    "Server-only code does not belong in this layer (the browser build replaces *.server modules with empty ones).",
};
const databaseClient = {
  // app/server/db.server.ts is the only db.server module, so the name alone identifies it, `./db.server` included.
  regex: "(?:^|/)generated/prisma(?:-pg)?(?:/|$)|(?:^|/)db\\.server(?:\\.ts)?$",
  message: "Only app/models reaches the database (docs/decisions/024): call a model function instead.",
};
// Elsewhere in app/, a type may name the database handle a model function takes (server/reporter-links.server.ts
// does); only a value import reaches the database. Not in the pure layers: there a matching allowTypeImports
// pattern would exempt the import from every other pattern too.
const databaseClientValues = { ...databaseClient, allowTypeImports: true };
const restrict = (...patterns) => ["error", { patterns }];

const architecture = [
  {
    // Reference data has one loader (docs/decisions/035): app/data/*.json is read only by
    // app/domain/reference-data.ts, which checks each file and gives it a type. The core rule, not the
    // typescript-eslint one, so that the layer rules below do not replace it.
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["app/domain/reference-data.ts"],
    rules: {
      "no-restricted-imports": restrict({
        regex: layer("data"),
        message: "Reference data is read through app/domain/reference-data.ts, its one loader.",
      }),
    },
  },
  {
    // Everything in app/ except the models and the client's own module.
    files: ["app/**/*.{ts,tsx,js,mjs}"],
    ignores: ["app/models/**", "app/server/db.server.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(databaseClientValues) },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        databaseClient,
        nodeBuiltins,
        serverOnly,
        {
          regex: layer("(?:models|server|utils|routes|components|evidence)"),
          message: "The domain is pure logic: models, utilities, routes and components import it, never the reverse.",
        },
        { regex: "^(?:@prisma/|prisma$|@remix-run/)", message: "The domain knows no database or web framework." },
      ),
    },
  },
  {
    // app/utils holds only what is safe in the browser too; server-only code lives in app/server.
    files: ["app/utils/**/*.{ts,tsx,mjs}", "app/browser-scripts/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(databaseClient, serverOnly, nodeBuiltins, {
        regex: layer("(?:models|server|routes|components|evidence)"),
        message: "app/utils and the browser scripts run in the browser too: no server code, models or routes.",
      }),
    },
  },
  {
    // The plain-JavaScript facts in app/utils (private paths, no-store) are also read by the Express server,
    // which loads them without a bundler: they import nothing.
    files: ["app/utils/**/*.mjs"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict({
        regex: ".",
        message: "app/utils/*.mjs is loaded by plain Node and the app alike: it imports nothing.",
      }),
    },
  },
  {
    files: ["app/components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(databaseClient, serverOnly, {
        regex: layer("(?:models|routes)"),
        message: "Components render what a route's loader gives them: no models, no routes.",
      }),
    },
  },
  {
    // Route modules import no other route: shared code lives in the domain, a model or a utility. A flat route
    // file's `./x` is another route; inside a route folder `./x` is its own part and `../x` another route.
    files: ["app/routes/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(databaseClientValues, {
        regex: `^\\./|${layer("routes")}`,
        message: "A route imports no other route: move the shared code to the domain, a model or a utility.",
      }),
    },
  },
  {
    files: ["app/routes/*/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(databaseClientValues, {
        regex: `^\\.\\./(?!\\.\\./)|${layer("routes")}`,
        message: "A route imports no other route: move the shared code to the domain, a model or a utility.",
      }),
    },
  },
  {
    files: ["app/models/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict({
        regex: layer("(?:routes|components)"),
        message: "Models own the database and know nothing of the web layer: no routes, no components.",
      }),
    },
  },
];

export default defineConfig(
  {
    ignores: [
      "build/",
      "public/build/",
      "generated/",
      "**/node_modules/",
      "test-results/",
      "data/",
      ".cache/",
      "bench/results/",
      "bench/remix-floor/build/",
      "app/styles/fonts/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Matching control characters is the point of the three regexes that do it: they strip or escape them
      // from untrusted text before it is stored or logged.
      "no-control-regex": "off",
      // `({ internal, ...row }) => row` is how the models drop a field before returning a row.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    // Node: the server, scripts, benchmarks, tests and the config files at the root.
    files: ["server/**", "scripts/**", "bench/**", "tests/**", "prisma/**", "*.{js,mjs,ts}", "app/**/*.mjs"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Functions handed to Playwright's page.evaluate run in the page.
    files: ["bench/**", "scripts/screenshot.mjs"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.tsx"],
    ...react.configs.flat.recommended,
    settings: { react: { version: "18.3" } },
  },
  { files: ["**/*.tsx"], ...react.configs.flat["jsx-runtime"] },
  { files: ["**/*.tsx"], ...reactHooks.configs.flat.recommended },
  { files: ["**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  ...architecture,
);
