import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "public/sw.js",
      "node_modules/",
      "test-results/",
      "playwright-report/",
      "tests/.tmp/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  // The layers (docs/architecture.md): lint, not memory, keeps them.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/features/**/*.server.ts", "app/infra/**", "app/entry.server.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/infra/db.server", "better-sqlite3", "drizzle-orm", "drizzle-orm/*"],
              allowTypeImports: true,
              message: "Only the domains' *.server.ts models and app/infra touch the database.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/infra/db.server", "better-sqlite3", "drizzle-orm", "drizzle-orm/*"],
              allowTypeImports: true,
              message: "Routes call a domain's model functions; they do not query the database.",
            },
            {
              group: ["**/db/schema", "**/db/schema/*"],
              allowTypeImports: true,
              message: "Routes do not use the schema; a domain's model does.",
            },
            { group: ["./*"], message: "A route does not import another route." },
            {
              group: ["react-i18next"],
              message:
                "Components read their words through app/infra/translate.tsx (no i18next in the browser).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/ui/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/*.server", "**/*.server.*", "**/db/schema", "**/db/schema/*"],
              allowTypeImports: true,
              message:
                "Components are presentational: data comes from the route, never a server module.",
            },
            {
              group: ["react-i18next"],
              message:
                "Components read their words through app/infra/translate.tsx (no i18next in the browser).",
            },
          ],
        },
      ],
    },
  },
);
