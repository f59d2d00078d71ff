#!/usr/bin/env node
// How much of a repository's large blobs "rules on windows around anchors" would still scan:
// every blob of at least --min bytes (default 64 KB) is read once (`git cat-file
// --batch-all-objects`), the places where a rule's candidate can start are found (credential
// prefixes, UUID and long alphanumeric or base64 runs, encodings), and each is widened to the
// context the rules read around a candidate (6,000 characters and 60 lines before, 6,000
// after: src/detect/context.ts) and to whole lines. Prints the bytes those windows cover and
// how many blobs they cover more than half of (a window scan would not pay there).
//
//   node bench/anchor-cover.mjs <repository> [--min 65536]
import { spawn } from 'node:child_process';

const repo = process.argv[2] ?? '.';
const minAt = process.argv.indexOf('--min');
const MIN = minAt > 0 ? Number(process.argv[minAt + 1]) : 65536;
const REACH = 6000;
const LINES_BACK = 61;
/** what a candidate may start before its anchor (a host's labels before `signalwire.com`) */
const PAD = 1024;

const CASE_SENSITIVE = /PT|UF[QR]|eyJ/g;
const FOLDED =
  /basic|http:\/\/|ws:\/\/|signalwire\.com|swire\.io|signalwire\.cloud|pat_|psk_|accounts\/|public_|vite_|react_app_|vue_app_|gatsby_|nuxt_env_|storybook_|wxt_|%(?:25|3[0-9]|[46][1-9a-f]|[57][0-9a])|\\u00|\\x[3-7]|\\\r?\n/gi;
const SHAPES = [/[0-9a-fA-F-]{36,}/g, /[A-Za-z0-9]{50,}/g, /[A-Za-z0-9+/_-]{44,}/g, /["'`][0-9a-fA-F]{8}["'`]/g];

let blobs = 0;
let bytes = 0;
let covered = 0;
let mostlyCovered = 0;
let anchors = 0;

function windowsOf(text) {
  const found = [];
  for (const re of [CASE_SENSITIVE, FOLDED, ...SHAPES]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push([m.index, m.index + m[0].length]);
  }
  anchors += found.length;
  found.sort((a, b) => a[0] - b[0]);
  const back = (i) => {
    let at = i - PAD;
    for (let k = 0; k < LINES_BACK && at > 0; k++) at = text.lastIndexOf('\n', at - 1);
    const from = Math.max(0, Math.min(i - PAD - REACH, at));
    return text.lastIndexOf('\n', from) + 1;
  };
  const forward = (i) => {
    const end = text.indexOf('\n', Math.min(text.length, i + PAD + REACH));
    return end < 0 ? text.length : end;
  };
  let total = 0;
  let start = -1;
  let end = -1;
  for (const [s, e] of found) {
    if (end >= 0 && back(s) <= end) {
      end = Math.max(end, forward(e));
      continue;
    }
    if (end >= 0) total += end - start;
    start = back(s);
    end = forward(e);
  }
  return end >= 0 ? total + end - start : 0;
}

const git = spawn('git', ['cat-file', '--batch-all-objects', '--batch', '--unordered'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0);
let head = null;
git.stdout.on('data', (d) => {
  buf = buf.length ? Buffer.concat([buf, d]) : d;
  for (;;) {
    if (!head) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      const [, type, size] = buf.subarray(0, nl).toString().split(' ');
      head = { type, size: Number(size) };
      buf = buf.subarray(nl + 1);
    }
    if (buf.length < head.size + 1) return;
    if (head.type === 'blob' && head.size >= MIN) {
      const text = buf.subarray(0, head.size).toString('latin1');
      const cover = windowsOf(text);
      blobs++;
      bytes += head.size;
      covered += cover;
      if (cover > head.size / 2) mostlyCovered++;
    }
    buf = buf.subarray(head.size + 1);
    head = null;
  }
});
git.on('close', () => {
  const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
  console.log(`blobs of ${MIN} bytes or more: ${blobs} (${mb(bytes)}); anchors: ${anchors} (one per ${Math.round(bytes / Math.max(1, anchors))} bytes)`);
  console.log(`windows cover ${mb(covered)} (${((100 * covered) / Math.max(1, bytes)).toFixed(0)} %); more than half of ${mostlyCovered} blobs`);
});
