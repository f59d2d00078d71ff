// The scan of one item: read (working-tree files), size and binary decisions, decoding, the
// keyword prefilter, the engine for each path the content was seen at, then the steps that
// need the text (added lines, inline ignores, the per-file bound). Synchronous and
// self-contained, so that it runs the same in a worker thread or on the main thread.
import type { ChunkResult, Engine, LocatedFinding, RuleError } from '../engine/engine.js';
import { readBytesSync } from '../sources/read-sync.js';
import type { Content } from '../sources/source.js';
import type { Skipped } from '../types.js';
import {
  binaryStrings,
  decode,
  decodeUtf8,
  hasSignature,
  isPlainUtf8,
  mayBeRecoded,
  mayHide,
  rawStrings,
  recodedReadings,
  wideReadings,
  wideRunsInText,
  type BinaryStrings,
  type WideRun,
} from './decode.js';
import { KeywordHits } from '../engine/keyword-automaton.js';
import { LineIndex } from '../engine/locate.js';
import { readArchive, UNOPENED_FORMATS, type ArchiveRead, type Unread } from './archive.js';
import { standInText, touchesStandIn } from './stand-ins.js';
import { addedLinesVsAll, type LineSet } from './line-diff.js';
import { applyInlineIgnores, capPerRule, markBesideCredential, onlyAddedLines, presenceKeys } from './steps.js';
import { bufferView } from '../io/buffer-view.js';
import { MAX_DEPTH } from '../detect/decoders.js';

export interface WorkUnit {
  id: number;
  content: Content;
  before?: Content[];
  /** the paths the content was seen at (findings depend on the path) */
  paths: string[];
  maxFileSize: number;
  /**
   * history, and the HEAD versions provenance reads: for the paths marked true, what the content
   * holds (PathResult.holds), whatever inline ignores, allowlists and the per-file bound then
   * leave of it (src/scan/provenance.ts, stillPresent)
   */
  presence?: boolean[];
}

export interface PathResult {
  findings: LocatedFinding[];
  suppressed: number;
  errors: RuleError[];
  /**
   * WorkUnit.presence: every value the content was found to hold at this path (steps.ts,
   * presenceKeys), and whether the content was read in full (not a binary's strings only, no
   * encoded value left undecoded) so that a value not among them is not there. A path asked
   * for whose result has none was scanned whole and holds nothing, when the unit scanned any
   * text (UnitResult.scannedBytes), else it is not known.
   */
  holds?: { keys: string[]; complete: boolean };
}

export interface UnitResult {
  id: number;
  /** bytes of text scanned (the item counts in summary.files), or null when nothing was scanned */
  scannedBytes: number | null;
  /** why the content was not scanned, for each path */
  skipped: Skipped[];
  /** not scanned for a reason other than being binary (too large, unreadable): the gate reports it */
  unscanned: { reason: string; detail?: string } | null;
  /** one per path, in the order of `paths` (empty when nothing was scanned) */
  results: PathResult[];
}

export function scanUnit(engine: Engine, unit: WorkUnit): UnitResult {
  const out: UnitResult = { id: unit.id, scannedBytes: null, skipped: [], unscanned: null, results: [] };
  const notScanned = (reason: string, detail?: string, unscannable = true) => {
    for (const file of unit.paths) out.skipped.push(detail ? { file, reason, detail } : { file, reason });
    if (unscannable) out.unscanned = detail ? { reason, detail } : { reason };
    return out;
  };
  const bytes = bytesOf(unit.content, unit.paths[0]!, unit.maxFileSize);
  if ('skipped' in bytes)
    return notScanned(bytes.skipped.reason, bytes.skipped.detail, bytes.skipped.reason !== 'symlink' && bytes.skipped.reason !== 'not-a-regular-file');
  const raw = bytes.raw;
  const pdf = isPdf(raw);
  // a Git LFS pointer is scanned as the text it is; the content it names is outside git, and not scanned
  if (isLfsPointer(raw)) for (const file of unit.paths) out.skipped.push({ file, reason: 'lfs-object', detail: LFS_DETAIL });
  // plain UTF-8: the keywords come from the bytes, and content no rule would look at is not even
  // decoded, unless its bytes may hide text (a NUL, characters that spell UTF-16: mayHide)
  let found: Set<string> | undefined;
  const plainUtf8 = isPlainUtf8(raw);
  const hides = plainUtf8 ? mayHide(raw) : null;
  // characters that may be ASCII stored through a code page that does not keep it (EBCDIC, Braille)
  const recoded = hides !== null && hides.nonAscii && mayBeRecoded(raw);
  let textNeeded = true;
  if (plainUtf8) {
    found = engine.keywordsInUtf8(raw);
    if (found && !unit.paths.some((p) => engine.needsText(found!, raw, p))) {
      out.scannedBytes = raw.length;
      if (!hides!.nul && hides!.wide.length === 0 && !pdf && !recoded) return out;
      textNeeded = false;
    }
  }
  // plain UTF-8 holding characters outside ASCII: the rules read a one-byte stand-in text (src/scan/stand-ins.ts)
  const standIn = textNeeded && plainUtf8 && hides!.nonAscii && engine.readsStandIns ? standInText(raw) : null;
  const decoded = !textNeeded
    ? null
    : standIn
      ? { ok: true as const, text: standIn.text, encoding: 'utf-8' }
      : decode(raw, plainUtf8 && !hides!.nonAscii ? 'ascii' : plainUtf8);
  // the byte pass's base64 runs, at the stand-in text's offsets (which are the real text's too)
  if (standIn && found instanceof KeywordHits) found.readAs(standIn.text.length, standIn.textOffset);
  // presence: what each path asked for holds, and whether the text was read in full there
  const held = unit.presence?.map((wanted) => (wanted ? new Set<string>() : null));
  const partly = new Set<number>();
  const hold: Hold = (k, result) => {
    const into = held?.[k];
    if (!into) return;
    for (const f of result.findings) for (const key of presenceKeys(f)) into.add(key);
    // an inline ignore hides the finding, not the value
    for (const ignored of result.suppressedInline) for (const key of presenceKeys(ignored.finding)) into.add(key);
  };
  const withHoldings = (r: UnitResult, complete: boolean) => {
    held?.forEach((keys, k) => {
      if (keys && r.results[k]) r.results[k]!.holds = { keys: [...keys], complete: complete && !partly.has(k) };
    });
    return r;
  };
  if (decoded && !decoded.ok) return withHoldings(scanBinaryStrings(engine, unit, raw, decoded.format, out, hold), false);
  out.scannedBytes = raw.length;
  if (!found && decoded?.encoding === 'utf-8-bom') found = engine.keywordsInUtf8(raw);
  let real: string | undefined;
  const realText = () => (decoded && !standIn ? decoded.text : (real ??= decodeUtf8(raw)));
  let added: LineSet | null | undefined;
  const addedLines = (): LineSet | null =>
    (added ??= unit.before
      ? addedLinesVsAll(
          realText(),
          unit.before
            .map(textOf)
            .filter((t): t is string => t !== null)
            .concat(unit.before.some((b) => textOf(b) === null) ? [''] : []),
        )
      : null);
  // what the text's scan judged (reported, ignored inline, or not added): the other readings add only other values
  const judged = new Set<string>();
  for (const [k, p] of unit.paths.entries()) {
    if (!decoded) {
      out.results.push({ findings: [], suppressed: 0, errors: [] });
      continue;
    }
    let result = engine.scan({ path: p, text: decoded.text }, found);
    if (standIn && touchesStandIn(result, standIn.standIns)) result = engine.scan({ path: p, text: realText() }, found);
    for (const f of result.findings) judged.add(f.fingerprint);
    for (const s of result.suppressedInline) judged.add(s.finding.fingerprint);
    hold(k, result);
    // text not read through all of its encodings (the bound of decoded text spent, or encodings
    // nested deeper than the levels read): skipped in part, and unscanned in a gate
    if (result.undecoded || result.deeper) {
      partly.add(k);
      const detail = undecodedDetail(result.undecoded ?? 0, result.deeper ?? 0);
      out.skipped.push({ file: p, reason: 'partly-decoded', detail });
      out.unscanned = { reason: 'partly-decoded', detail };
    }
    if (result.findings.length === 0 && result.suppressedInline.length === 0) {
      out.results.push({ findings: [], suppressed: 0, errors: result.errors });
      continue;
    }
    const lines = addedLines();
    const inline = applyInlineIgnores(result, lines, engine.inlineIgnoreHolds);
    markBesideCredential(inline.findings, lines);
    out.results.push({ findings: capPerRule(onlyAddedLines(inline.findings, lines)), suppressed: inline.suppressed, errors: result.errors });
  }
  // what the text may hide: ASCII spelt by its characters' UTF-16 code units; strings in other
  // encodings among its bytes (anything but plain UTF-8, or plain UTF-8 holding a NUL)
  const wide = hides ? hides.wide : wideRunsInText(realText());
  const readings: TextReadings = { engine, unit, text: realText, addedLines, judged, out, hold };
  if (wide.length) scanWideReadings(readings, wide, hides ? raw : null);
  // ASCII stored through a code page that does not keep it (EBCDIC): what a checkout writes
  if (recoded) scanRecodedReadings(readings);
  if (hides ? hides.nul : decoded!.encoding !== 'utf-8-bom' || raw.indexOf(0) >= 0) {
    const read = rawStrings(raw);
    const before = (c: Content) => (c.kind === 'bytes' ? rawStrings(c.bytes).text : null);
    scanStrings(engine, unit, read, before, TEXT_STRINGS, judged, hold).forEach((r, k) => merge(out.results[k]!, r));
  }
  // a PDF taken for text (no NUL in its first 8 KB, so its signature did not count): its compressed streams are read too
  if (pdf) {
    const streams = readArchive(raw, 'pdf', unit.maxFileSize)!;
    if (streams.overBound) notWhole(unit, streams, out);
    const before = (c: Content) => (c.kind === 'bytes' && isPdf(c.bytes) ? (readArchive(c.bytes, 'pdf', unit.maxFileSize)?.strings.text ?? null) : null);
    scanStrings(engine, unit, streams.strings, before, compressedKind(streams), judged, hold).forEach((r, k) => merge(out.results[k]!, r));
  }
  return withHoldings(out, true);
}

/** What a partly decoded text left undecoded, and why. */
function undecodedDetail(overBound: number, deeper: number): string {
  const values = (n: number) => `${n} encoded value${n === 1 ? '' : 's'} not decoded`;
  const parts: string[] = [];
  if (overBound) parts.push(`${values(overBound)}: the decoded text passed its bound, twice the file's length`);
  if (deeper) parts.push(`${values(deeper)}: encoded more than ${MAX_DEPTH} times over, deeper than swlint decodes`);
  return parts.join('; ');
}

const LFS_POINTER = Buffer.from('version https://git-lfs.github.com/spec/v1\n');
const LFS_DETAIL = 'a Git LFS pointer: the content it names is in LFS storage, not in git, and was not scanned';

/** Whether the bytes are a Git LFS pointer file (its spec: at most 1024 bytes, the version line first). */
function isLfsPointer(b: Uint8Array): boolean {
  return b.length <= 1024 && b.length > LFS_POINTER.length && LFS_POINTER.every((x, k) => b[k] === x);
}

/** Whether the bytes start with a PDF's signature, `%PDF-` (also a PDF taken for text: no NUL in its first 8 KB). */
const isPdf = (b: Uint8Array) => hasSignature(b, 'pdf');

/** Notes what the engine found in the content at its k-th path (WorkUnit.presence; a no-op for the paths not asked for). */
type Hold = (k: number, result: Pick<ChunkResult, 'findings' | 'suppressedInline'>) => void;

/** Adds `more`'s findings and errors to `into`. */
function merge(into: PathResult, more: PathResult): void {
  if (more.findings.length) into.findings = into.findings.concat(more.findings);
  for (const e of more.errors) into.errors.push(e);
}

/** The end of the message of a finding in ASCII that a text's characters spell as UTF-16 (wideReadings). */
export const AS_UTF16_CHARACTERS = " (the file's characters spell it as UTF-16: git writes it out on checkout)";

/** What the other readings of a unit's text are scanned with: its text, its added lines, the values its own scan judged, where results go. */
interface TextReadings {
  engine: Engine;
  unit: WorkUnit;
  text: () => string;
  addedLines: () => LineSet | null;
  judged: Set<string>;
  out: UnitResult;
  hold: Hold;
}

/**
 * A text whose characters spell ASCII as UTF-16 code units (wideReadings) hides what a checkout
 * writes: those strings are scanned by every rule, and a value they hold that the text's own
 * scan did not judge is reported where its characters are, like the text's findings (only on
 * added lines in diff and staged).
 */
function scanWideReadings(readings: TextReadings, runs: WideRun[], utf8: Uint8Array | null): void {
  const { text, judged } = readings;
  const read = wideReadings(runs);
  if (!read) return;
  let index: LineIndex | undefined;
  // where a run starts in the text: runs in plain UTF-8 bytes say where in the bytes (the text is decoded only for a finding)
  const runAt = (k: number) => (utf8 ? decodeUtf8(utf8.subarray(0, runs[k]!.at)).length : runs[k]!.at);
  // a position in the strings → the position of its character in the text
  const inText = (line: number, column: number, end: boolean) => {
    const byte = read.at[line - 1]! + column - 1;
    return (index ??= new LineIndex(text())).position(runAt(read.run[line - 1]!) + (end ? (byte + 1) >> 1 : byte >> 1));
  };
  scanReading(readings, read.text, (result) =>
    result.findings
      .filter((f) => !judged.has(f.fingerprint) && judged.add(f.fingerprint))
      .map((f) => placedAt(f, inText(f.line, f.column, false), inText(f.endLine, f.endColumn, true), f.message + AS_UTF16_CHARACTERS, wideFix(f.fix))),
  );
}

/**
 * Scans another reading of a unit's text (one character of it for each of the text's, in
 * Latin-1) at each of the unit's paths; `place` turns the reading's findings into the text's
 * (new ones only, where their characters are), which count like the text's own (only on
 * added lines in diff and staged).
 */
function scanReading(
  { engine, unit, addedLines, out, hold }: TextReadings,
  reading: string,
  place: (result: ChunkResult, k: number) => LocatedFinding[],
): void {
  const bytes = Buffer.from(reading, 'latin1');
  const found = engine.keywordsInUtf8(bytes);
  unit.paths.forEach((p, k) => {
    if (found && !engine.needsText(found, bytes, p)) return;
    const result = engine.scan({ path: p, text: reading }, found);
    hold(k, result);
    merge(out.results[k]!, { findings: capPerRule(onlyAddedLines(place(result, k), addedLines())), suppressed: 0, errors: result.errors });
  });
}

/**
 * A text whose characters are ASCII stored through a code page that does not keep it
 * (recodedReadings: `.gitattributes` `working-tree-encoding=IBM1047` over an ASCII file) hides what
 * a checkout writes: each reading is scanned by every rule, and a value it holds that the text's
 * own scan did not judge is reported where its characters are (only on added lines in diff and staged).
 */
function scanRecodedReadings(readings: TextReadings): void {
  const { text, judged } = readings;
  let index: LineIndex | undefined;
  // readings through pages that differ in a few letters find one value where they agree: reported once, at its place
  const placed = new Set<string>();
  for (const read of recodedReadings(text())) {
    const readIndex = new LineIndex(read.text);
    // one character of the reading for each of the text's: a position is the same offset in both
    const inText = (line: number, column: number) => (index ??= new LineIndex(text())).position(readIndex.span(line)![0] + column - 1);
    scanReading(readings, read.text, (result, k) =>
      result.findings
        .filter((f) => !judged.has(f.fingerprint) && !placed.has(`${k}:${f.ruleId}:${f.line}:${f.column}`))
        .map((f) => {
          judged.add(f.fingerprint);
          placed.add(`${k}:${f.ruleId}:${f.line}:${f.column}`);
          return placedAt(
            f,
            inText(f.line, f.column),
            inText(f.endLine, f.endColumn),
            `${f.message} (the file's characters spell it in ${read.codePage}: git writes it out on checkout)`,
            `The file is stored as characters that are the value in the ${read.codePage} code page: a checkout (\`.gitattributes\` \`working-tree-encoding\`) writes it out. Remove the value from the file, and the attribute if nothing needs it. In the text it spells: ${f.fix}`,
          );
        }),
    );
  }
}

/** A finding of another reading of a text, where its characters are in the text, saying how the text hides it. */
function placedAt(
  f: LocatedFinding,
  start: { line: number; column: number },
  end: { line: number; column: number },
  message: string,
  fix: string,
): LocatedFinding {
  return { ...f, message, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, fix };
}

/** The fix of a value a text's characters spell as UTF-16. */
function wideFix(fix: string): string {
  return `The file is stored as characters whose UTF-16 bytes are the value: a checkout (\`.gitattributes\` \`working-tree-encoding\`, or a program reading the file as UTF-16) writes it out. Remove the value from the file, and the attribute if nothing needs it. In the text it spells: ${fix}`;
}

/** The end of the message of a finding in a binary's strings (swlint fix leaves such files to the build). */
export const IN_BINARY_STRINGS = " (in a binary file's strings)";

/** A binary is fixed where it is built from: the rule's own fix applies to the source. */
function binaryFix(path: string, fix: string): string {
  return `The value is compiled into a binary file (build output, bytecode or a database): stop committing it (\`git rm --cached ${path}\`, and ignore it), and remove the value from the source or data it is built from. In the source: ${fix}`;
}

/** Rules whose values open with a prefix of their own (PT, PSK_, pat_, a JWT's eyJ): found in a shortened copy, they were glued to a length byte. */
const OWN_PREFIX_RULES: ReadonlySet<string> = new Set([
  'signalwire-api-token',
  'signalwire-signing-key',
  'signalwire-personal-access-token',
  'signalwire-client-token',
]);

/** A project ID is told from other UUIDs by the key beside it: a binary's neighbouring strings are no keys, and its GUIDs are many. */
const JUDGED_BY_KEYS: ReadonlySet<string> = new Set(['signalwire-project-id']);

/** How the findings in a file's strings are told: a binary's, or a text's bytes in another encoding than its own. */
interface StringsKind {
  /** the end of a finding's message: one for the file, or one for the 0-based line of strings it is on */
  suffix: string | ((line: number) => string);
  fix: (path: string, fix: string) => string;
  /** rules judged by the strings beside the value (a binary's neighbouring strings are no keys) */
  skipRules: ReadonlySet<string>;
}

const BINARY_STRINGS: StringsKind = { suffix: IN_BINARY_STRINGS, fix: binaryFix, skipRules: JUDGED_BY_KEYS };

/** The end of the message of a finding in a text's bytes read in another encoding (UTF-16 or UTF-32 mixed in, ASCII behind a byte-order mark). */
export const IN_OTHER_ENCODING = " (in the file's bytes, written in another encoding than its text)";

const TEXT_STRINGS: StringsKind = {
  suffix: IN_OTHER_ENCODING,
  fix: (_path, fix) =>
    `The file mixes encodings (UTF-16 or UTF-32 among UTF-8, ASCII after a UTF-16 byte-order mark): the value is in its bytes, not in the text an editor shows. Remove it from the file and save the file in one encoding. In the text: ${fix}`,
  skipRules: new Set(),
};

/**
 * A binary stays skipped (it is not read as text), but where its format keeps its strings
 * (decode.ts, FORMATS_WITH_STRINGS) they are scanned: a token compiled into a committed DLL is
 * as exposed as in the source.
 */
function scanBinaryStrings(engine: Engine, unit: WorkUnit, raw: Uint8Array, format: string, out: UnitResult, hold: Hold): UnitResult {
  const archive = readArchive(raw, format, unit.maxFileSize);
  if (archive) return scanArchive(engine, unit, raw, format, archive, out, hold);
  const read = binaryStrings(raw, format);
  if (read === null && UNOPENED_FORMATS.includes(format)) {
    // an xz or 7z file: nothing of it is read, and a gate says so
    const detail = `${format}, a format swlint does not open: its contents were not scanned`;
    for (const file of unit.paths) out.skipped.push({ file, reason: 'binary', detail: `compressed (${detail})` });
    out.unscanned = { reason: 'compressed', detail };
    return out;
  }
  for (const file of unit.paths) out.skipped.push(read === null ? { file, reason: 'binary' } : { file, reason: 'binary', detail: 'its strings were scanned' });
  if (read === null) return out;
  out.results = scanStrings(engine, unit, read, textOf, BINARY_STRINGS, new Set(), hold);
  return out;
}

/** The start of the end of the message of a finding inside a compressed file (`… (inside a compressed file: config/.env)`). */
export const IN_COMPRESSED = ' (inside a compressed file';

/** A value inside an archive is fixed where the archive is made from. */
function compressedFix(path: string, fix: string): string {
  return `The value is inside a compressed file (an archive, a gzip file, a PDF, or a document or package saved as zip): remove it from the files ${path} is made from, make it again, and stop committing it if it is build output. Every copy of the old file keeps the value. In those files: ${fix}`;
}

/**
 * A gzip or zip file (and the tar and zip files inside it), or a PDF: the strings of what it holds are
 * scanned, bounded by --max-file-size uncompressed. It stays a skipped binary (it is not read as
 * text); contents past the bound (a decompression bomb, or an archive too large to read) are
 * not scanned, which a gate reports as swlint-unscanned, as it does a text file past the size.
 */
function scanArchive(engine: Engine, unit: WorkUnit, raw: Uint8Array, format: string, archive: ArchiveRead, out: UnitResult, hold: Hold): UnitResult {
  if (archive.overBound) notWhole(unit, archive, out);
  else for (const file of unit.paths) out.skipped.push({ file, reason: 'binary', detail: `compressed: its contents were scanned${notRead(archive)}` });
  // an xz or 7z file inside it, an encrypted entry, data cut short: not read (or not all of it), and a
  // gate does not pass it (overBound's too-large says so first, then what no reader opens, then damage)
  if (!out.unscanned && (archive.unopened.length || archive.unread.length))
    out.unscanned = { reason: archive.unopened.length || !archive.unread.every(isDamage) ? 'compressed' : 'corrupt', detail: notRead(archive).slice(2) };
  // before-versions are read the same way: only strings the change added count
  const before = (c: Content) => (c.kind === 'bytes' ? archiveText(c.bytes, unit.maxFileSize) : null);
  const judged = new Set<string>();
  out.results = scanStrings(engine, unit, archive.strings, before, compressedKind(archive), judged, hold);
  // text behind the archive's signature, or after its end, is read as for any binary
  const behind = binaryStrings(raw, format);
  if (behind) scanStrings(engine, unit, behind, textOf, BINARY_STRINGS, judged, hold).forEach((r, k) => merge(out.results[k]!, r));
  return out;
}

/** The entries in a format swlint does not open (`; inside it, keys.7z (7z) …`), the first few named. */
function notOpened(archive: ArchiveRead): string {
  const n = archive.unopened.length;
  if (!n) return '';
  const named = archive.unopened
    .slice(0, 3)
    .map((u) => `${u.entry || 'the file it holds'} (${u.format})`)
    .join(', ');
  return `; inside it, ${named}${n > 3 ? ` and ${n - 3} more` : ''}, in a format swlint does not open: ${n === 1 ? 'its contents were' : 'their contents were'} not scanned`;
}

/** Data cut short or corrupt: read up to the damage. */
const isDamage = (u: Unread) => u.why === 'cut short' || u.why === 'corrupt';

/** What a why says of an entry (`encrypted`, `compressed with deflate64, a method swlint does not read`). */
const whyText = (why: Unread['why']) => (typeof why === 'string' ? why : `compressed with ${why.method}, a method swlint does not read`);

/**
 * What was not read, or not to its end: entries no reader here opens, then what is damaged
 * (`; inside it, 2 entries encrypted (app/.env, app/key.pem): their contents were not scanned;
 * its data is cut short: …`).
 */
const notRead = (archive: ArchiveRead) =>
  unreadText(archive.unread.filter((u) => !isDamage(u))) + notOpened(archive) + unreadText(archive.unread.filter(isDamage));

/** `unread`, all of one kind (damaged or not), by why, the first few entries of each named. */
function unreadText(unread: readonly Unread[]): string {
  if (!unread.length) return '';
  const parts: string[] = [];
  const whys = new Map<string, Unread[]>();
  for (const u of unread) {
    if (!u.entry) parts.push(`its data is ${whyText(u.why)}`);
    else {
      const key = whyText(u.why);
      const same = whys.get(key);
      if (same) same.push(u);
      else whys.set(key, [u]);
    }
  }
  for (const [why, us] of whys) {
    const named = us
      .slice(0, 3)
      .map((u) => u.entry)
      .join(', ');
    parts.push(`inside it, ${us.length} entr${us.length === 1 ? 'y' : 'ies'} ${why} (${named}${us.length > 3 ? ` and ${us.length - 3} more` : ''})`);
  }
  const end = isDamage(unread[0]!)
    ? 'what comes before the damage was scanned, the rest was not'
    : `${unread.length === 1 ? 'its contents were' : 'their contents were'} not scanned`;
  return `; ${parts.join('; ')}: ${end}`;
}

/** Contents past the bound: skipped as too large, and unscanned in a gate, as a text file past --max-file-size is. */
function notWhole(unit: WorkUnit, archive: ArchiveRead, out: UnitResult): void {
  const detail = `compressed: its contents pass --max-file-size ${unit.maxFileSize} bytes uncompressed, what lies past that was not read${notRead(archive)}`;
  for (const file of unit.paths) out.skipped.push({ file, reason: 'too-large', detail });
  out.unscanned = { reason: 'too-large', detail };
}

/** Findings inside a compressed file name the entry that holds them. */
function compressedKind(archive: ArchiveRead): StringsKind {
  return {
    suffix: (line) => {
      const entry = archive.entryOf(line);
      return `${IN_COMPRESSED}${entry ? `: ${entry}` : ''})`;
    },
    fix: compressedFix,
    skipRules: new Set(),
  };
}

/** The strings of an earlier version, when it is an archive read whole (else its text or strings: textOf). */
function archiveText(bytes: Uint8Array, bound: number): string | null {
  const d = decode(bytes);
  if (d.ok) return d.text;
  const a = readArchive(bytes, d.format, bound);
  return a && !a.overBound ? a.strings.text : (binaryStrings(bytes, d.format)?.text ?? null);
}

/**
 * The findings of a file's strings (a binary's, or a text's bytes read in other encodings), one
 * result a path. A finding points at the file (line 1): a line of a binary means nothing in an
 * editor. Each value once per rule, and not one `judged` holds (the text's own scan saw it);
 * only strings a change added count in diff and staged (compared with `before`'s strings), as
 * lines do for text.
 */
function scanStrings(
  engine: Engine,
  unit: WorkUnit,
  read: BinaryStrings,
  before: (c: Content) => string | null,
  kind: StringsKind,
  judged: Set<string>,
  hold: Hold,
): PathResult[] {
  let added: LineSet | null | undefined;
  // the strings are Latin-1: their bytes give the keywords through the byte automaton, faster than the text's regular expression
  const bytes = Buffer.from(read.text, 'latin1');
  const found = engine.keywordsInUtf8(bytes);
  return unit.paths.map((p, k) => {
    if (found && !engine.needsText(found, bytes, p)) return { findings: [], suppressed: 0, errors: [] };
    const result = engine.scan({ path: p, text: read.text }, found);
    hold(k, result);
    if (result.findings.length === 0 && result.suppressedInline.length === 0) return { findings: [], suppressed: 0, errors: result.errors };
    added ??= unit.before
      ? addedLinesVsAll(
          read.text,
          unit.before.map((b) => before(b) ?? ''),
        )
      : null;
    // an ignore comment among the strings is judged as in text (in diff, one the change adds hides nothing)
    const inline = applyInlineIgnores(result, added, engine.inlineIgnoreHolds);
    const findings = onlyAddedLines(inline.findings, added)
      .filter((f) => !kind.skipRules.has(f.ruleId) && !judged.has(f.fingerprint) && judged.add(f.fingerprint) && !isRedundantCopy(f, read, result.findings))
      .map((f) => ({ ...f, message: f.message + suffixOf(kind, read, f.line - 1), line: 1, column: 1, endLine: 1, endColumn: 1, fix: kind.fix(p, f.fix) }));
    return { findings: capPerRule(findings), suppressed: inline.suppressed, errors: result.errors };
  });
}

/** The end of the message of a finding on the 0-based line `line` of `read` (a copy's is its string's). */
function suffixOf(kind: StringsKind, read: BinaryStrings, line: number): string {
  if (typeof kind.suffix === 'string') return kind.suffix;
  return kind.suffix(line < read.strings ? line : read.copyOf[line - read.strings]!);
}

/**
 * Whether `f`, found in a shortened copy of a string, is to be dropped: a value without a
 * prefix of its own, or one within what a finding of the same rule in the string itself covers;
 * `PT…` after a marshal's `z2` is found in the copy only, and kept.
 */
function isRedundantCopy(f: LocatedFinding, read: BinaryStrings, all: LocatedFinding[]): boolean {
  const copy = f.line - 1 - read.strings;
  if (copy < 0) return false;
  // a word's tail is no value of its own: `eveloper.` cut from the service host `developer.`
  // names no Space. Only values that open with their own prefix are freed by a copy.
  if (!OWN_PREFIX_RULES.has(f.ruleId)) return true;
  const line = read.copyOf[copy]! + 1;
  const dropped = read.copyDrop[copy]!;
  const start = f.column + dropped;
  const end = f.endColumn + dropped;
  return all.some((g) => g.ruleId === f.ruleId && g.line === line && g.column <= start && g.endLine === line && g.endColumn >= end);
}

/** The text of a before-version (a binary's strings), or null when it cannot be compared with (every line then counts as added). */
function textOf(c: Content): string | null {
  if (c.kind !== 'bytes') return null;
  const d = decode(c.bytes);
  return d.ok ? d.text : (binaryStrings(c.bytes, d.format)?.text ?? null);
}

function bytesOf(content: Content, path: string, maxFileSize: number): { raw: Buffer } | { skipped: Skipped } {
  switch (content.kind) {
    case 'bytes':
      if (content.bytes.length > maxFileSize) return { skipped: tooLarge(path, content.bytes.length, maxFileSize) };
      // a worker's bytes are a Uint8Array (shared memory): as a Buffer, the searches over them
      // (a NUL, a keyword) are node's native ones, not TypedArray's, ten times slower (sniff: 5.4
      // against 0.6 µs for 4.6 KB, 0.43 s of a worker's 20 s on signalwire/docs' history)
      return { raw: bufferView(content.bytes) };
    case 'file':
      return readBytesSync(
        { abs: content.abs, rel: path, ...(content.regular ? { regular: true } : {}), ...(content.absBytes ? { absBytes: content.absBytes } : {}) },
        maxFileSize,
      );
    case 'too-large':
      return { skipped: tooLarge(path, content.size, maxFileSize) };
    case 'missing':
      return { skipped: { file: path, reason: 'missing-object', detail: content.detail } };
  }
}

function tooLarge(file: string, size: number, maxFileSize: number): Skipped {
  return { file, reason: 'too-large', detail: `${size} bytes > --max-file-size ${maxFileSize}` };
}
