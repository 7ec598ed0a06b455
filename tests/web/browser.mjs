// Debian's chromium driven by playwright-core (never a downloaded browser).
// Without the networking flags Chromium stalls on an offline machine.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './system.mjs';

const require = createRequire(join(repoRoot, 'web/package.json'));
const { chromium } = require('playwright-core');

export const artifactsDir = join(repoRoot, 'test-artifacts/web');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  mkdirSync(artifactsDir, { recursive: true });
  // launchPersistentContext is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'deeptrace-chromium-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? await context.newPage();
  // Intercept file choosers from the start: enabling it lazily, in the same
  // breath as the key press that opens one, races on a loaded machine.
  page.on('filechooser', () => {});
  const consoleErrors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url }); });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught: ${err.message}`, url: '' }));
  return { context, page, consoleErrors };
}

// The whole page, or with `{ fullPage: false }` the screen as seen (a modal
// dialog, which a whole-page shot shrinks to a corner of).
export async function screenshot(page, name, { fullPage = true } = {}) {
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
