import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      "demo-data/**",
      "out/**",
      ".scratch/**",
      ".cache/**",
      "bench/tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import-x/order": [
        "error",
        { alphabetize: { order: "asc", caseInsensitive: true }, "newlines-between": "always" },
      ],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./src/stats",
              from: "./src",
              except: ["./stats"],
              message: "stats/ is pure: it imports nothing from the project",
            },
            {
              target: "./src/report",
              from: "./src/store",
              message: "report/ takes plain data and never queries the store",
            },
          ],
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@duckdb/node-api", message: "only src/store/ imports DuckDB" }],
        },
      ],
    },
  },
  {
    files: ["src/store/**", "test/**", "bench/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
