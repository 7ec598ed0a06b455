import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '../lib/types';
import { report, track, visual } from '../test/reports';
import { JobThumbnail } from './JobThumbnail';

const base: Job = { job_id: 'j1', status: 'COMPLETED', created_at: '2026-12-02T10:00:00Z' };

describe("History's thumbnail", () => {
  it('starts as the icon for its kind of media, the crop to come (fetched only near the screen)', () => {
    const face = { ...base, result: report({ evidence: { visual: visual({ tracks: [track(0, 0.4)] }) } }) };
    const html = renderToStaticMarkup(<JobThumbnail job={face} />);
    expect(html).toMatch(/data-testid="history-thumbnail" data-kind="video" data-has-face="true"/);
    expect(html).not.toContain('<img');
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
  });

  it('is a neutral icon by kind without a face crop', () => {
    const voice = { ...base, status: 'PENDING' as const, media: { content_type: 'audio/mpeg' } };
    expect(renderToStaticMarkup(<JobThumbnail job={voice} />))
      .toMatch(/data-kind="audio" data-has-face="false"[\s\S]*data-kind="audio"/);
    const picture = { ...base, media: { filename: 'x.png' } };
    expect(renderToStaticMarkup(<JobThumbnail job={picture} />)).toMatch(/data-kind="image" data-has-face="false"/);
  });
});
