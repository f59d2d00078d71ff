// The one-way flow the README and CONTRIBUTING.md describe (sources → pipeline → engine → steps →
// reporters), held by the imports themselves: a source that calls the engine, or an engine that
// reads a source, is how the five scanning loops this replaced came about. Imports are read from
// TypeScript's syntax tree. Type-only imports count for the layers (a source typed by run.ts'
// ModeContext depends on it all the same), not for cycles (they are gone once compiled).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function tsFilesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

interface Import {
  /** the imported project file (repository-relative, `.ts`) */
  target: string;
  /** `import type` / `export type`, or every name imported as a type: gone once compiled */
  typeOnly: boolean;
}

/** The relative imports of one file: declarations, re-exports and `import()` calls. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.text)).replace(/\.js$/, '.ts');
    found.push({ target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const names = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const everyNameAType = !!names && names.length > 0 && !clause!.name && names.every((n) => n.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || everyNameAType));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** every project file → what it imports */
function importGraph(): Map<string, Import[]> {
  return new Map([...tsFilesUnder('src'), ...tsFilesUnder('rules')].map((file) => [file, importsOf(file)]));
}

/** Import cycles that remain once type-only imports are compiled away (Tarjan's strongly connected components). */
function runtimeCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const { target: w, typeOnly } of graph.get(v) ?? []) {
      if (typeOnly || !graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).some((i) => i.target === v && !i.typeOnly)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

const graph = importGraph();

/** `[importer, imported]` pairs where a file under `from` imports one under any of `forbidden` */
function crossings(from: string, forbidden: readonly string[]): string[][] {
  const inside = (file: string, prefix: string) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix);
  const found: string[][] = [];
  for (const [file, imports] of graph)
    if (inside(file, from)) for (const { target } of imports) if (forbidden.some((f) => inside(target, f))) found.push([file, target]);
  return found;
}

const CLI = ['src/cli.ts', 'src/cli/', 'src/bin.ts', 'src/run.ts', 'src/audit/', 'src/action/', 'src/hook.ts'];

describe('the import graph', () => {
  it('is read whole: every relative import names a file of the project', () => {
    const unresolved = [...graph].flatMap(([file, imports]) =>
      imports.filter(({ target }) => !statSync(path.join(ROOT, target), { throwIfNoEntry: false })?.isFile()).map(({ target }) => [file, target]),
    );
    expect(unresolved).toEqual([]);
    // and it is the real one: the pipeline does call the engine and read the sources
    expect(crossings('src/scan/', ['src/engine/']).length).toBeGreaterThan(0);
    expect(crossings('src/scan/', ['src/sources/']).length).toBeGreaterThan(0);
  });

  it('sources know git and the file system, not the engine, the pipeline, the rules or the commands', () => {
    expect(crossings('src/sources/', ['src/engine/', 'src/scan/', 'rules/', 'src/report/', 'src/trust/', ...CLI])).toEqual([]);
  });

  it('the engine reads no source and knows nothing of the pipeline or the commands', () => {
    expect(crossings('src/engine/', ['src/sources/', 'src/scan/', 'src/report/', ...CLI])).toEqual([]);
  });

  it('rules and their detection helpers run on a chunk: no source, pipeline, reporter or command', () => {
    for (const layer of ['rules/', 'src/detect/']) expect(crossings(layer, ['src/sources/', 'src/scan/', 'src/report/', ...CLI])).toEqual([]);
  });

  it('the pipeline never reaches back into the commands or the reporters', () => {
    expect(crossings('src/scan/', ['src/report/', ...CLI])).toEqual([]);
  });

  it('has no cycle at run time: a module never waits, while loading, on one that imports it back', () => {
    expect(runtimeCycles()).toEqual([]);
  });

  it('reporters format finished results: they read no source and run no scan', () => {
    expect(crossings('src/report/', ['src/sources/', 'src/scan/', 'src/engine/engine.ts'])).toEqual([]);
  });
});
