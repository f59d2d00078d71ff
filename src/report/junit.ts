// JUnit XML for CI test-report views (GitLab, Jenkins, Azure): one testsuite "swlint", a
// failing testcase per file with findings (one <failure> per finding), a skipped testcase
// per skipped file, and one passing testcase that stands for all the clean files.
import { SEVERITY_RANK, type Finding } from '../types.js';
import { rebasePath, type ReportInput } from './sarif.js';

export interface JunitOptions {
  /** the directory test case names are relative to (the repository's top level); default `result.root` */
  srcRoot?: string;
  /**
   * --fail-on: findings below it are listed in the test case's <system-out>, not as <failure>s,
   * so a CI view shows a failed test only when the gate failed (default: every finding fails)
   */
  /** findings below it are reported, not failures; `live`: only credentials --verify found live */
  failOn?: keyof typeof SEVERITY_RANK | 'never' | 'live';
}

/** XML 1.0 cannot carry most control characters even escaped: drop them. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Attribute values: also keep line breaks and tabs as character references so they survive normalisation. */
function attr(s: string | number): string {
  return escapeXml(String(s)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function describe(f: Finding, file: string): string {
  const where = `${file}:${f.line}:${f.column}`;
  return [
    `${f.severity} ${f.ruleId} at ${where}`,
    `${f.message}: ${f.match}`,
    ...(f.commit ? [`introduced in ${f.commit.sha} by ${f.commit.author} <${f.commit.email}> on ${f.commit.date}: ${f.commit.message}`] : []),
    ...(f.stillPresent === false ? ['no longer in the working tree, still in history'] : []),
    `fix: ${f.fix}`,
  ].join('\n');
}

function failure(f: Finding, file: string): string {
  const body = describe(f, file);
  return `      <failure type="${attr(f.ruleId)}" message="${attr(`line ${f.line}: ${f.message} (${f.match})`)}">${escapeXml(body)}</failure>`;
}

export function formatJunit(result: ReportInput, options: JunitOptions = {}): string {
  const srcRoot = options.srcRoot ?? result.root;
  const shown = (file: string) => rebasePath(result.root, srcRoot, file) ?? file;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const file = shown(f.file);
    const list = byFile.get(file);
    if (list) list.push(f);
    else byFile.set(file, [f]);
  }
  const cases: string[] = [];
  const failOn = options.failOn ?? 'info';
  const live = new Set((result.credentials ?? []).filter((c) => c.verification?.status === 'live').map((c) => c.id));
  const fails = (f: Finding) =>
    failOn === 'live' ? live.has(f.credential?.id ?? '') : failOn !== 'never' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
  let failures = 0;
  for (const [file, findings] of byFile) {
    cases.push(`    <testcase classname="swlint" name="${attr(file)}" file="${attr(file)}" time="0">`);
    const failing = findings.filter(fails);
    const below = findings.filter((f) => !fails(f));
    for (const f of failing) cases.push(failure(f, file));
    if (failing.length) failures++;
    if (below.length)
      cases.push(
        `      <system-out>${escapeXml(below.map((f) => `${describe(f, file)}\n(below --fail-on ${failOn}: reported, not failing)`).join('\n\n'))}</system-out>`,
      );
    cases.push('    </testcase>');
  }
  for (const s of result.skipped) {
    const file = shown(s.file);
    cases.push(`    <testcase classname="swlint" name="${attr(file)}" file="${attr(file)}" time="0">`);
    cases.push(`      <skipped message="${attr(`not scanned: ${s.reason}${s.detail ? ` (${s.detail})` : ''}`)}"/>`);
    cases.push('    </testcase>');
  }
  const clean = Math.max(0, result.summary.files - byFile.size);
  // always at least one testcase: an empty suite reads as "no tests ran" in most CI views
  if (clean > 0 || cases.length === 0) {
    const unit = result.mode === 'scan' ? 'file' : 'blob';
    cases.push(`    <testcase classname="swlint" name="${clean} ${unit}${clean === 1 ? '' : 's'} without findings" time="0"/>`);
  }
  const tests = byFile.size + result.skipped.length + (clean > 0 || byFile.size + result.skipped.length === 0 ? 1 : 0);
  const skipped = result.skipped.length;
  const time = (result.summary.durationMs / 1000).toFixed(3);
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="swlint" ${counts}>`,
    `  <testsuite name="swlint" ${counts}>`,
    '    <properties>',
    `      <property name="mode" value="${attr(result.mode)}"/>`,
    `      <property name="root" value="${attr(result.root)}"/>`,
    `      <property name="findings" value="${result.findings.length}"/>`,
    // issue 12.6: what was left out
    `      <property name="suppressed.inline" value="${result.suppressed?.inline ?? 0}"/>`,
    `      <property name="suppressed.allowlist" value="${result.suppressed?.allowlist ?? 0}"/>`,
    `      <property name="suppressed.baseline" value="${result.suppressed?.baseline ?? 0}"/>`,
    `      <property name="allowlistedFiles" value="${result.allowlisted?.length ?? 0}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
