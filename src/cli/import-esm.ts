// import() of a package that is an ES module only (yargs), from code that may run inside the
// CLI's CommonJS bundle. The bin compiles that bundle with `vm` to use a code cache (src/bin.ts),
// and node 20 refuses a plain import() there without an experimental flag: the bin hands in
// its own import() as `__swlintImportEsm`, one of the bundle's wrapper's parameters. Run any
// other way (tests, the unbundled build, node before 20.12), the name is unbound and import()
// works as usual.
declare const __swlintImportEsm: ((specifier: string) => Promise<unknown>) | undefined;

export function importEsm<T>(specifier: string): Promise<T> {
  if (typeof __swlintImportEsm === 'function') return __swlintImportEsm(specifier) as Promise<T>;
  return import(specifier) as Promise<T>;
}
