import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatusBadge } from './StatusBadge';
import { VerdictPill } from './VerdictPill';

const thresholds = { likely_fake: 0.7, likely_real: 0.3 };

// Issue 18: in History the green "Completed" badge was louder than the verdict.
describe('a finished job in a list', () => {
  it('shows its verdict in the verdict\'s tone, and a quiet status badge', () => {
    const fake = renderToStaticMarkup(<VerdictPill verdict="likely_fake" score={0.82} thresholds={thresholds} />);
    expect(fake).toContain('data-tone="warning"');
    expect(fake).toContain('Signs of manipulation (0.82)');
    expect(renderToStaticMarkup(<VerdictPill verdict="likely_real" score={0.1} thresholds={thresholds} />)).toContain('data-tone="ok"');
    const badge = renderToStaticMarkup(<StatusBadge status="COMPLETED" />);
    expect(badge).not.toMatch(/green|emerald/);
  });
});
