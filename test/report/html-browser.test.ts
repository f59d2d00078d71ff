// `--format html` in a real browser: Debian's chromium driven by playwright-core renders the
// report of a fixture repository from file://. Asserts on the DOM (counts, filters, a
// checklist tick surviving a reload), that no request leaves the page, no console errors,
// no serious axe-core violations in light and dark mode; saves screenshots under
// test-artifacts/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fixtureRepo } from '../helpers/credentials-repo.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let reportUrl = '';
let report = '';
let fixture: ReturnType<typeof fixtureRepo>;
let json: { findings: { ruleId: string; severity: string; file: string }[]; credentials: { id: string; stillPresent: boolean }[] };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  fixture = fixtureRepo();
  const out = path.join(tempDir('swlint-out-'), `${path.basename(fixture.repo.dir)}-report.html`);
  const r = runCli(['history', '--format', 'html', '--output', out], { cwd: fixture.repo.dir });
  expect(r.code).toBe(1);
  report = readFileSync(out, 'utf8');
  reportUrl = pathToFileURL(out).href;
  json = JSON.parse(runCli(['history', '--format', 'json'], { cwd: fixture.repo.dir }).stdout) as typeof json;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  cleanupTempDirs();
});

/** A fresh page that records every request that is not the report itself, and every console error. */
async function open(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (req) => {
    if (req.url() !== reportUrl) requests.push(req.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(reportUrl);
  return { page, requests, errors };
}

const visibleRows = (page: Page) => page.locator('#findings-table tbody tr:visible').count();

describe('html report in chromium', () => {
  it('is one self-contained, redacted file', () => {
    expect(report).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(report).toContain("default-src 'none'");
    for (const raw of [fixture.shared, fixture.removed, fixture.bundled, fixture.docker]) expect(report).not.toContain(raw);
  });

  it('shows the counts, filters the findings, remembers the checklist, and makes no request', async () => {
    const { page, requests, errors } = await open('light');
    expect(await page.locator('article.credential').count()).toBe(json.credentials.length);
    expect(await page.locator('[data-card="Credentials to rotate"]').textContent()).toBe(String(json.credentials.length));
    expect(await page.locator('[data-card="Still present"]').textContent()).toBe(String(json.credentials.filter((c) => c.stillPresent).length));
    expect(await page.locator('.timeline g').count()).toBe(json.credentials.length);
    expect(await visibleRows(page)).toBe(json.findings.length);

    await page.selectOption('#f-rule', 'signalwire-basic-auth');
    expect(await visibleRows(page)).toBe(json.findings.filter((f) => f.ruleId === 'signalwire-basic-auth').length);
    await page.selectOption('#f-rule', '');
    await page.selectOption('#f-severity', 'warning');
    expect(await visibleRows(page)).toBe(json.findings.filter((f) => f.severity === 'warning').length);
    await page.selectOption('#f-severity', '');
    await page.fill('#f-path', 'docker');
    expect(await visibleRows(page)).toBe(json.findings.filter((f) => f.file.toLowerCase().includes('docker')).length);
    await page.fill('#f-path', '');
    await page.selectOption('#f-status', 'removed');
    const removed = await visibleRows(page);
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThan(json.findings.length);
    expect(await page.locator('#f-count').textContent()).toBe(`Showing ${removed} of ${json.findings.length} findings`);
    await page.selectOption('#f-status', '');
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });

    // keyboard: the first checklist box is reachable and toggles with Space; the tick survives a reload
    const first = page.locator('.checklist input[type=checkbox]').first();
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    await page.reload();
    expect(await page.locator('.checklist input[type=checkbox]').first().isChecked()).toBe(true);
    expect(await page.locator('.checklist input[type=checkbox]').nth(1).isChecked()).toBe(false);

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious accessibility violations (${scheme})`, async () => {
      const { page, errors } = await open(scheme);
      await page.evaluate(AXE);
      const violations = await page
        .evaluate(async () => {
          // axe-core was just evaluated into the page
          const axe = (window as unknown as { axe: { run(): Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: unknown[] }[] }> } })
            .axe;
          const r = await axe.run();
          return { passes: r.passes.length, list: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) };
        })
        .then((r) => {
          expect(r.passes).toBeGreaterThan(10); // axe really ran over the page
          return r.list;
        });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      if (scheme === 'dark') await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-dark.png'), fullPage: false });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
