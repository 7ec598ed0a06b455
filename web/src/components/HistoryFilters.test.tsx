import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JOB_STATUSES, VERDICT_WORDING } from '../lib/generated/report';
import { NO_FILTERS } from '../lib/history';
import { HistoryFiltersForm } from './HistoryFilters';
import { statusLabel } from './StatusBadge';

const render = (filters = NO_FILTERS) => renderToStaticMarkup(<HistoryFiltersForm filters={filters} onChange={() => {}} />);
const escaped = (text: string) => text.replace(/'/g, '&#x27;');

describe('the history filters', () => {
  it('offer the contract\'s verdicts in its wording, and the statuses in the badges\' words', () => {
    const html = render();
    for (const [value, { label }] of Object.entries(VERDICT_WORDING)) {
      expect(html).toContain(`<option value="${value}">${escaped(label)}</option>`);
    }
    for (const status of JOB_STATUSES) expect(html).toContain(`<option value="${status}">${statusLabel(status)}</option>`);
  });

  it('label every control, inside a search landmark', () => {
    const html = render();
    expect(html).toMatch(/^<form role="search" aria-label="Search and filter your analyses"/);
    const ids = [...html.matchAll(/<(?:input|select) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(6); // name, status, verdict, order, from, to
    for (const id of ids) expect(html).toContain(`<label for="${id}"`);
  });

  it('offer "Clear filters" only when something is set, and say when the range is backwards', () => {
    expect(render()).not.toContain('Clear filters');
    expect(render({ ...NO_FILTERS, order: 'oldest' })).toContain('Clear filters');
    const backwards = render({ ...NO_FILTERS, from: '2026-12-02', to: '2026-12-01' });
    expect(backwards).toContain('role="alert"');
    expect(backwards).toContain('is before the');
  });
});
