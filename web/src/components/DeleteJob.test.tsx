import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { textOf } from '../test/markup';
import { ConfirmDeleteDialog, jobName } from './DeleteJob';

const job = { job_id: 'j1', status: 'COMPLETED' as const, created_at: '2026-12-02T10:00:00Z', media: { filename: 'clip.mp4' } };

describe('the delete confirmation', () => {
  it('names the job and says plainly what goes, for good', () => {
    const html = renderToStaticMarkup(<ConfirmDeleteDialog job={job} onConfirm={async () => {}} onClose={() => {}} />);
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+" aria-describedby="[^"]+"/);
    const text = textOf(html);
    expect(text).toContain('Delete clip.mp4?');
    expect(text).toContain('removes the uploaded file, its report and its face crops from DeepTrace for good');
    expect(text).toContain('cannot be undone');
    // The safe choice comes first, so it is the one the dialog focuses.
    expect(text.indexOf('Keep it')).toBeLessThan(text.indexOf('Delete for good'));
  });

  it('names a job without a file name by its id', () => {
    expect(jobName({ ...job, media: undefined })).toBe('j1');
  });
});
