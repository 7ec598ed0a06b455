// Settings' "Usage & quotas" (issue 17): each quota's usage in words and as
// a labelled meter, warnings near and at a limit, "no limit", the Refresh
// button, and a refusal shown with its code.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { GB, type UsageReport } from '../lib/quotas';
import { part, textOf } from '../test/markup';
import { AuthProvider } from './AuthContext';
import { UsageSection, UsageView } from './UsageSection';

const report: UsageReport = {
  quotas: { uploads_per_minute: 60, concurrent_jobs: 0, bytes_per_day: 100 * GB },
  usage: { uploads_last_minute: 3, active_jobs: 2, bytes_last_24h: 1.2 * GB },
};

function view(r: UsageReport | null, { error = null as unknown, loading = false, checkedAt = '12:00:03' as string | null } = {}) {
  return renderToStaticMarkup(<UsageView report={r} error={error} loading={loading} checkedAt={checkedAt} onRefresh={() => {}} />);
}

// Each quota's <li>, as text, in order.
function quotas(html: string): string[] {
  return html.split('data-testid="quota"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</li>')[0]));
}

function meters(html: string): string[] {
  return [...html.matchAll(/<div role="meter"[^>]*>/g)].map((m) => m[0]);
}

describe('the usage section', () => {
  it('is a labelled section with its heading, and a Refresh button', () => {
    const html = view(report);
    expect(html).toMatch(/^<section aria-labelledby="usage-title" class="card space-y-4" aria-busy="false"/);
    expect(html).toContain('<h2 id="usage-title" class="h2">Usage &amp; quotas</h2>');
    expect(html).toMatch(/<button type="button" class="btn-secondary py-1" aria-label="Refresh usage">Refresh<\/button>/);
    expect(part(html, 'usage-checked')).toBe('As of 12:00:03.');
  });

  it('says what is used of each quota, "no limit" for a quota of 0', () => {
    expect(quotas(view(report))).toEqual([
      'Uploads per minute 3 of 60 uploads in the last minute',
      'Jobs at once 2 jobs queued or running (no limit)',
      'Upload volume per day 1.20 GB of 100 GB in the last 24 hours',
    ]);
  });

  it('draws a meter, named by its quota, for each limit (none without one)', () => {
    const html = view(report);
    const [uploads, volume] = meters(html);
    expect(meters(html)).toHaveLength(2);
    expect(uploads).toMatch(/aria-valuemin="0" aria-valuemax="60" aria-valuenow="3" aria-valuetext="3 of 60 uploads in the last minute"/);
    expect(volume).toContain(`aria-valuemax="${100 * GB}" aria-valuenow="${1.2 * GB}"`);
    // Each meter's name is its quota's title.
    for (const meter of [uploads, volume]) {
      const id = /aria-labelledby="([^"]+)"/.exec(meter)![1];
      expect(html).toMatch(new RegExp(`<span id="${id}" class="text-sm font-medium">(Uploads per minute|Upload volume per day)</span>`));
    }
    expect(html).toContain('style="width:5%"');
    expect(html).not.toContain('data-testid="quota-tone"');
  });

  it('warns near a limit and at it, in words as well as colour', () => {
    const html = view({ ...report, usage: { uploads_last_minute: 60, active_jobs: 0, bytes_last_24h: 85 * GB } });
    expect(quotas(html)).toEqual([
      'Uploads per minute limit reached 60 of 60 uploads in the last minute',
      'Jobs at once 0 jobs queued or running (no limit)',
      'Upload volume per day near the limit 85.0 GB of 100 GB in the last 24 hours',
    ]);
    const [uploads, volume] = meters(html);
    expect(uploads).toContain('aria-valuetext="60 of 60 uploads in the last minute, limit reached"');
    expect(volume).toContain('aria-valuetext="85.0 GB of 100 GB in the last 24 hours, near the limit"');
    expect(html).toContain('<div class="h-full bg-red-600 transition-[width] duration-300" style="width:100%">');
    expect(html).toContain('<div class="h-full bg-amber-500 transition-[width] duration-300" style="width:85%">');
  });

  it('keeps a meter in range when a limit was lowered below the usage', () => {
    const html = view({ ...report, quotas: { ...report.quotas, uploads_per_minute: 2 } });
    expect(meters(html)[0]).toMatch(/aria-valuemax="2" aria-valuenow="2" aria-valuetext="3 of 2 uploads in the last minute, limit reached"/);
  });

  it('shows Loading until the first answer, with Refresh disabled while it loads', () => {
    const html = view(null, { loading: true, checkedAt: null });
    expect(textOf(html)).toMatch(/Refresh Loading…$/);
    expect(html).toContain('aria-busy="true"');
    expect(html).toMatch(/<button type="button" class="btn-secondary py-1" disabled="" aria-label="Refresh usage">Refresh</);
    expect(view(report, { loading: true })).toMatch(/disabled="" aria-label="Refresh usage">Refreshing…</);
  });

  it('shows a refusal with its code, and keeps the last usage it read', () => {
    const error = new ApiError(503, 'STORE_UNAVAILABLE', 'the store is down');
    const html = view(report, { error });
    expect(part(html, 'error-notice')).toMatch(/^Could not load your usage STORE_UNAVAILABLE The server cannot reach its database/);
    expect(quotas(html)).toHaveLength(3);
    const first = view(null, { error });
    expect(first).not.toContain('Loading…');
    expect(first).not.toContain('data-testid="quota"');
  });

  it('waits in place, loading, until the server has said it has quotas', () => {
    const html = renderToStaticMarkup(<AuthProvider askServer={false}><UsageSection /></AuthProvider>);
    expect(html).toContain('data-testid="usage-section"');
    expect(textOf(html)).toMatch(/Loading…$/);
  });
});
