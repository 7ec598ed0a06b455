import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '../lib/types';
import { part } from '../test/markup';
import { LiveProgress } from './LiveProgress';

const pending: Job = { job_id: 'j1', status: 'PENDING', created_at: '2026-12-02T10:00:00Z', queue_position: 3 };

function render(job: Job, queuePosition?: number | null) {
  return renderToStaticMarkup(<LiveProgress job={job} onCancel={() => {}} cancelling={false} queuePosition={queuePosition} />);
}

describe('a queued job on its page', () => {
  it('says how many jobs are ahead of it, beside "Waiting for a worker"', () => {
    const html = render(pending, 3);
    expect(part(html, 'stage')).toBe('Waiting for a worker');
    expect(part(html, 'queue-position')).toBe('3 jobs ahead in the queue');
    expect(part(render(pending, 0), 'queue-position')).toBe('Next in the queue');
  });

  it('says nothing of a queue without a position, or once the job runs', () => {
    expect(render(pending, null)).not.toContain('queue-position');
    expect(render({ ...pending, status: 'PROCESSING', started_at: '2026-12-02T10:00:01Z' }, 3)).not.toContain('queue-position');
  });
});
