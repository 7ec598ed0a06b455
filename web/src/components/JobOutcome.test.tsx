import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CancelledJob } from './JobOutcome';

const job = { job_id: 'j-1', status: 'CANCELLED' as const, created_at: '2026-12-02T10:00:00Z', started_at: null };

describe('CancelledJob', () => {
  it('says "you" only for a cancel made in this tab (issue 18: "someone" after my own cancel)', () => {
    expect(renderToStaticMarkup(<CancelledJob job={job} byYou />)).toContain('You cancelled this job before a worker picked it up');
    const elsewhere = renderToStaticMarkup(<CancelledJob job={{ ...job, started_at: '2026-12-02T10:00:01Z' }} byYou={false} />);
    expect(elsewhere).toContain('This job was cancelled while it was running, from another tab, the CLI or another key');
    expect(elsewhere).not.toContain('Someone');
  });
});
