// The linter: a small rule set of bugs the type checker does not catch (npm run lint, run by
// npm test before vitest). Formatting is Prettier's job (.prettierrc, npm run format:check).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**', 'fixtures/**', 'docs/**', 'schema/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      // type-aware: the rules below need the types of the whole program (tsconfig.json)
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: {
      // an eslint-disable comment that no longer disables anything is an error: escapes do not outlive their reason
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // a promise nobody awaits loses its rejection: an unreported error, or a scan that exits before it is done
      '@typescript-eslint/no-floating-promises': 'error',
      // an async function where a void callback is expected (forEach, an event handler): same loss, harder to see
      '@typescript-eslint/no-misused-promises': 'error',
      // `any` turns the type checker off. Where it is the honest type, say why on the line before:
      // `// eslint-disable-next-line @typescript-eslint/no-explicit-any -- <why>`
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
