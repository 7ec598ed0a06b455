// The Upload page's batch rows (issue 18): before and during the uploads,
// then the batch view with each job's state and a link to its report.
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { batchItems, type BatchItem } from '../lib/batch';
import type { Job } from '../lib/types';
import { uploadStats } from '../lib/upload';
import { report } from '../test/reports';
import { textOf } from '../test/markup';
import { AuthProvider } from './AuthContext';
import { BatchResults, BatchUploadList } from './BatchUpload';

const files = [
  { name: 'face.mp4', size: 300_000, type: 'video/mp4' },
  { name: 'notes.txt', size: 20, type: 'text/plain' },
  { name: 'voice.m4a', size: 80_000, type: 'audio/mp4' },
];

function rows(html: string): string[] {
  return html.split('data-testid="batch-row"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</li>')[0]));
}

function job(id: string, overrides: Partial<Job> = {}): Job {
  return { job_id: id, status: 'PENDING', created_at: '2026-12-02T10:00:00Z', ...overrides };
}

describe('the batch before and during its uploads', () => {
  it("shows each file with its own check; a bad file's row names the problem", () => {
    const html = renderToStaticMarkup(<MemoryRouter><BatchUploadList items={batchItems(files)} onCancel={() => {}} /></MemoryRouter>);
    const [face, notes, voice] = rows(html);
    expect(face).toMatch(/face\.mp4 293 KB · video\/mp4 Ready to upload/);
    expect(notes).toMatch(/notes\.txt 20 B · text\/plain Not uploaded "notes.txt" is a file of type text\/plain/);
    expect(voice).toMatch(/voice\.m4a .* Ready to upload/);
    expect(html).toContain('data-testid="row-problem"');
  });

  it('gives each uploading file its own progress bar with bytes and percent, and its own Cancel', () => {
    const [face, notes, voice] = batchItems(files);
    const items: BatchItem[] = [
      { ...face, state: 'uploading', stats: uploadStats(150_000, 300_000, 0, 1000) },
      notes,
      { ...voice, state: 'queued' },
    ];
    const html = renderToStaticMarkup(<MemoryRouter><BatchUploadList items={items} onCancel={() => {}} /></MemoryRouter>);
    expect(html).toMatch(/role="progressbar" aria-label="Upload progress of face.mp4" aria-valuemin="0" aria-valuemax="100" aria-valuenow="50"/);
    const [uploading, , queued] = rows(html);
    expect(uploading).toMatch(/50% Cancel 146 KB of 293 KB/);
    expect(queued).toMatch(/Waiting to upload Cancel/);
    expect(html).toContain('aria-label="Cancel face.mp4"');
    expect(html).toContain('aria-label="Cancel voice.m4a"');
    expect(html.match(/role="progressbar"/g)).toHaveLength(1);
  });

  it("explains a refused upload with the server's code", () => {
    const [face] = batchItems(files);
    const items: BatchItem[] = [{ ...face, state: 'failed', error: { status: 415, code: 'UNSUPPORTED_MEDIA', message: 'not a video' } }];
    const text = textOf(renderToStaticMarkup(<MemoryRouter><BatchUploadList items={items} onCancel={() => {}} /></MemoryRouter>));
    expect(text).toMatch(/Upload failed UNSUPPORTED_MEDIA The file is not a video format DeepTrace can read.*\(not a video\)/);
  });
});

describe('the batch view', () => {
  const [face, notes, voice] = batchItems(files);
  const done = report();
  const items: BatchItem[] = [
    { ...face, state: 'uploaded', job: job('j-face', { status: 'COMPLETED', result: done }) },
    notes,
    { ...voice, state: 'uploaded', job: job('j-voice', { queue_position: 2 }) },
  ];

  function render() {
    return renderToStaticMarkup(
      <AuthProvider><MemoryRouter><BatchResults items={items} onReset={() => {}} /></MemoryRouter></AuthProvider>);
  }

  it("links each uploaded file to its report, with its job's status, verdict or place in the queue", () => {
    const html = render();
    expect(html).toContain('href="/jobs/j-face"');
    expect(html).toContain('href="/jobs/j-voice"');
    const [faceRow, notesRow, voiceRow] = rows(html);
    expect(faceRow).toMatch(/^face\.mp4 .* Completed No strong signs \(0\.20\)$/);
    expect(notesRow).toMatch(/Not uploaded "notes.txt" is a file of type text\/plain/);
    expect(voiceRow).toMatch(/Queued 2 jobs ahead in the queue$/);
  });

  it('sums the batch up and offers to start another', () => {
    const text = textOf(render());
    expect(text).toContain('This batch Upload more files');
    expect(text).toContain('2 files uploaded · 1 file refused before upload · 1 of 2 analyses finished');
    expect(text).toContain('These rows update live');
  });
});
