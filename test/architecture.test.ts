// The one-way flow the README and CONTRIBUTING.md describe (sources → pipeline → engine → steps →
// reporters), held by the imports themselves: a source that calls the engine, or an engine that
// reads a source, is how the five scanning loops this replaced came about. Imports are read with
// TypeScript's own pre-processor (type-only imports count: a source typed by run.ts' ModeContext
// depends on it all the same).
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

/** every project file → the project files it imports (repository-relative, `.ts`) */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...tsFilesUnder('src'), ...tsFilesUnder('rules')]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

const graph = importGraph();

/** `[importer, imported]` pairs where a file under `from` imports one under any of `forbidden` */
function crossings(from: string, forbidden: readonly string[]): string[][] {
  const inside = (file: string, prefix: string) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix);
  const found: string[][] = [];
  for (const [file, targets] of graph) if (inside(file, from)) for (const t of targets) if (forbidden.some((f) => inside(t, f))) found.push([file, t]);
  return found;
}

const CLI = ['src/cli.ts', 'src/cli/', 'src/bin.ts', 'src/run.ts', 'src/audit/', 'src/action/', 'src/hook.ts'];

describe('the import graph', () => {
  it('is read whole: every relative import names a file of the project', () => {
    const unresolved = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !statSync(path.join(ROOT, t), { throwIfNoEntry: false })?.isFile()).map((t) => [file, t]),
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

  it('reporters format finished results: they read no source and run no scan', () => {
    expect(crossings('src/report/', ['src/sources/', 'src/scan/', 'src/engine/engine.ts'])).toEqual([]);
  });
});
