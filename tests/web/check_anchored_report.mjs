// Called by tests/e2e/test_anchoring.py once a batch is mined: opens a job's
// report in Chromium against the running system and checks that the anchor
// panel says "Anchored in block N" and lists the proof and verify command.
// Usage: node check_anchored_report.mjs BASE_URL API_KEY JOB_ID BLOCK_NUMBER
import assert from 'node:assert/strict';
import { launchBrowser, screenshot } from './browser.mjs';

const [baseUrl, apiKey, jobId, blockNumber] = process.argv.slice(2);
const { context, page, consoleErrors } = await launchBrowser();
try {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('API key').fill(apiKey);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/(history)?$/);
  // A fresh browser has no session: the UI's GET /api/v1/session said 401
  // before the sign-in form showed, which Chromium logs as an error.
  const noSession = (e) => e.text.startsWith('Failed to load resource') && e.text.includes('status of 401');
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !noSession(e)));
  await page.goto(`${baseUrl}/jobs/${encodeURIComponent(jobId)}`);
  const panel = page.locator('[data-testid=anchor-panel][data-state=confirmed]');
  await panel.waitFor({ timeout: 60_000 });
  const text = await panel.innerText();
  assert.match(text, new RegExp(`Anchored in block ${blockNumber}\\b`));
  assert.match(await page.getByTestId('verify-command').innerText(), /^deeptrace verify /);
  await page.getByTestId('anchor-proof').waitFor();
  await screenshot(page, 'anchored-report');
  assert.deepEqual(consoleErrors, [], 'console errors');
  console.log('anchored report page ok');
} finally {
  await context.close();
}
