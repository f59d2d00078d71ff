// `swlint history`'s stillPresent: "no longer at HEAD" only when swlint read HEAD's version of the
// file and the secret is not in it, in any form; null ("may still be at HEAD") when it could not
// read that version; and every report format says the same.
import { deflateRawSync } from 'node:zlib';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli, runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const client = (t: string) => `const client = new RestClient(process.env.SIGNALWIRE_PROJECT_ID, '${t}');\n`;

interface Credentials {
  credentials: { match: string; stillPresent: boolean | null; exposure: string[]; locations: { file: string; stillPresent: boolean | null }[] }[];
}

/** Each file's token, committed in the first commit; the second commit changes the files as `head` says. */
function repoWith(head: (repo: TestRepo, tokens: Record<string, string>) => void, files: string[]): { repo: TestRepo; tokens: Record<string, string> } {
  const repo = TestRepo.create();
  const tokens: Record<string, string> = {};
  for (const f of files) repo.write(f, client((tokens[f] = fakeToken())));
  repo.commit('Add clients');
  head(repo, tokens);
  repo.commit('Change clients');
  return { repo, tokens };
}

describe('swlint history: stillPresent', () => {
  it('finds the secret at HEAD however it is written there, and says "gone" only when HEAD holds no form of it', () => {
    const files = ['src/ignored.js', 'src/basic.js', 'src/settings.js', 'src/many.js', 'src/removed.js', 'src/rotated.js'];
    const { repo } = repoWith((r, t) => {
      // an inline ignore hides the finding, not the token
      r.write('src/ignored.js', `// swlint-ignore-next-line signalwire-api-token\n${client(t['src/ignored.js']!)}`);
      // the token as the password of a base64 Basic header (another rule, another form)
      const basic = Buffer.from(`${fakeProjectId()}:${t['src/basic.js']!}`).toString('base64');
      r.write('src/basic.js', `// SignalWire REST\nfetch(url, { headers: { Authorization: 'Basic ${basic}' } });\n`);
      // the token moved to another line, under a name a browser bundle exposes
      r.write('src/settings.js', `// moved\nexport const env = { NEXT_PUBLIC_SIGNALWIRE_TOKEN: '${t['src/settings.js']!}' };\n`);
      // past the first 100 tokens of its file at HEAD
      r.write('src/many.js', Array.from({ length: 120 }, fakeToken).map(client).join('') + client(t['src/many.js']!));
      // hard negatives: removed, and rotated to a new token
      r.write('src/removed.js', 'const client = new RestClient(process.env.SIGNALWIRE_PROJECT_ID, process.env.SIGNALWIRE_TOKEN);\n');
      r.write('src/rotated.js', client(fakeToken()));
    }, files);
    const r = runJson(['history'], { cwd: repo.dir });
    const first = r.findings.filter((f) => f.commit!.message === 'Add clients');
    expect(first.map((f) => `${f.file} ${String(f.stillPresent)}`).sort()).toEqual([
      'src/basic.js true',
      'src/ignored.js true',
      'src/many.js true',
      'src/removed.js false',
      'src/rotated.js false',
      'src/settings.js true',
    ]);
  });

  it('says "may still be at HEAD" (null) when HEAD\'s version is too large, a binary or missing, in every format', () => {
    const files = ['config/settings.js', 'config/bundle.js', 'config/lost.js', 'config/kept.js'];
    const { repo, tokens } = repoWith((r, t) => {
      // over --max-file-size (20 KB below)
      r.write('config/settings.js', client(t['config/settings.js']!) + '// padding\n'.repeat(3000));
      // compressed in a format swlint does not open (xz's signature before deflated bytes): a binary whose strings are not the text
      const xz = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
      writeFileSync(path.join(r.dir, 'config/bundle.js'), Buffer.concat([xz, deflateRawSync(client(t['config/bundle.js']!))]));
      r.write('config/lost.js', `${client(t['config/lost.js']!)}// edited\n`);
      r.write('config/kept.js', `${client(t['config/kept.js']!)}// edited\n`);
    }, files);
    // a damaged clone: HEAD's version of one file is gone from the object store
    const lost = repo.git('rev-parse', 'HEAD:config/lost.js').trim();
    rmSync(path.join(repo.dir, '.git/objects', lost.slice(0, 2), lost.slice(2)));
    const args = ['history', '--max-file-size', '20000'];
    const r = runJson(args, { cwd: repo.dir });
    expect(r.code).toBe(1);
    const still = (f: { file: string; stillPresent: boolean | null }) => `${f.file} ${String(f.stillPresent)}`;
    expect(r.findings.map(still).sort()).toEqual(['config/bundle.js null', 'config/kept.js true', 'config/lost.js null', 'config/settings.js null']);
    // the inventory: not known is neither "still in" nor "history-only"
    const credentials = (r.report as unknown as Credentials).credentials;
    const cred = (file: string) => credentials.find((c) => c.locations.some((l) => l.file === file))!;
    expect(cred('config/settings.js')).toMatchObject({ stillPresent: null, exposure: ['committed'] });
    expect(cred('config/kept.js')).toMatchObject({ stillPresent: true, exposure: ['committed'] });

    const text = runCli([...args, '--no-color'], { cwd: repo.dir }).stdout;
    const shown = tokens['config/settings.js']!.slice(0, 4);
    expect(text).toMatch(/introduced in [0-9a-f]{12} by Test Author on 2024-01-01: Add clients, may still be at HEAD \(its file there could not be scanned\)/);
    expect(text).not.toMatch(/no longer at HEAD/);
    expect(text).toMatch(new RegExp(`${shown}….*api-token.*may still be at HEAD \\(its file there could not be scanned\\)`));

    const sarif = JSON.parse(runCli([...args, '--format', 'sarif'], { cwd: repo.dir }).stdout) as {
      runs: {
        results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties: Record<string, unknown> }[];
      }[];
    };
    const settings = sarif.runs[0]!.results.find((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('config/settings.js'))!;
    expect(settings.message.text).toMatch(/may still be at HEAD/);
    expect(settings.message.text).not.toMatch(/no longer in the working tree/);
    expect(settings.properties.stillPresent).toBeUndefined();

    const html = runCli([...args, '--format', 'html'], { cwd: repo.dir }).stdout;
    expect(html).toMatch(/data-path="config\/settings\.js" data-status="maybe-present">.*may still be at HEAD/);
    expect(html).not.toMatch(/data-path="config\/settings\.js" data-status="removed"/);
  });

  it('--branch: reads the HEAD versions the walk did not reach, with the same answers', () => {
    const repo = TestRepo.create();
    const [kept, big, gone] = [fakeToken(), fakeToken(), fakeToken()];
    repo.write('src/kept.js', client(kept)).write('src/big.js', client(big)).write('src/gone.js', client(gone)).commit('Add clients');
    repo.git('branch', 'release-1');
    repo.write('src/kept.js', `// swlint-ignore-next-line\n${client(kept)}`);
    repo.write('src/big.js', client(big) + '// padding\n'.repeat(3000));
    repo.write('src/gone.js', 'const client = new RestClient(process.env.SIGNALWIRE_PROJECT_ID, process.env.SIGNALWIRE_TOKEN);\n');
    repo.commit('Change clients on main');
    const r = runJson(['history', '--branch', 'release-1', '--max-file-size', '20000'], { cwd: repo.dir });
    expect(r.findings.map((f) => `${f.file} ${String(f.stillPresent)}`).sort()).toEqual(['src/big.js null', 'src/gone.js false', 'src/kept.js true']);
  });
});
