// Which file names are dotenv files: asked of every listed file (the dotenv steps of `scan`, each
// file's language), so the answer is decided without lower-casing most names. It must stay the
// rule it was: `.env`, `.env.<anything>`, `<anything>.env` in any case, templates and Xcode's
// `.xcode.env` excluded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDotenvName } from '../../src/detect/language.js';

const TEMPLATE = /[.\-_](?:example|sample|template|dist|defaults?|tpl|schema|skeleton|stub|proto|spec|ci-template)$/;
const TEMPLATE_OTHER =
  /^\.env\.(?:example|sample|template|dist|defaults?|tpl|schema|skeleton|stub|proto|spec|ci-template)\.|^\.?(?:example|sample|template|dist|defaults?|tpl|schema|skeleton|stub|proto|spec|ci-template)[.\-_]|^env\.(?:example|sample|template|dist|defaults?|tpl|schema|skeleton|stub|proto|spec|ci-template)$/;

/** The rule as written before names were ruled out by their first and last characters. */
function byLowerCase(base: string): boolean {
  const lower = base.toLowerCase();
  const isEnv = lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env');
  if (!isEnv || /^\.xcode\.env(?:\.local)?$/.test(lower)) return false;
  return !TEMPLATE.test(lower) && !TEMPLATE_OTHER.test(lower);
}

describe('isDotenvName', () => {
  it('names users write', () => {
    const yes = ['.env', '.ENV', '.env.local', '.Env.Production', 'prod.env', 'APP.ENV', '.env.development.local'];
    const no = ['env', '.envrc', 'environment.ts', '.env.example', 'example.env', '.xcode.env', 'dev-env', '.en', 'venv', '.env-local'];
    expect(yes.filter((n) => !isDotenvName(n))).toEqual([]);
    expect(no.filter((n) => isDotenvName(n))).toEqual([]);
  });

  it('agrees with the lower-cased rule on names built from its own pieces', () => {
    const piece = fc.constantFrom('.', 'e', 'E', 'n', 'N', 'v', 'V', 'env', '.env', '.ENV', 'local', 'example', 'x', '-', '_', 'İ', 'é', 'xcode');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const name = pieces.join('');
        expect(isDotenvName(name)).toBe(byLowerCase(name));
      }),
      { numRuns: 20_000 },
    );
  });
});
