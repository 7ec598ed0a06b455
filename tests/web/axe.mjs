// Accessibility checks with axe-core (web/package.json's devDependency),
// run in the page under test. The UI's CSP refuses inline scripts, so axe is
// not added as a <script>: Playwright's evaluate runs it through the
// DevTools protocol, which the page's CSP does not govern.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './system.mjs';

const require = createRequire(join(repoRoot, 'web/package.json'));
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// WCAG 2.1 A and AA: what the UI promises (contrast included, in either theme).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`).join('\n');
}

// Fails with every violation on the page as it is now, listed readably.
export async function expectAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary ?? '' })),
    }));
  }, TAGS);
  assert.equal(violations.length, 0, `axe found problems on ${what}:\n${describeViolations(violations)}`);
}
