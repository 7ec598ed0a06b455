import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { detectorCatalogue, NO_CATALOGUE } from '../lib/rerun';
import type { Job } from '../lib/types';
import { textOf } from '../test/markup';
import { RerunDialog } from './RerunJob';

const catalogue = detectorCatalogue({
  detectors: [{ name: 'Meso4_DF', available: true }, { name: 'Meso4_F2F', available: false, unavailable_reason: 'no weights' },
              { name: 'MesoInception_DF', available: true }],
  default_detectors: ['Meso4_DF', 'Meso4_F2F', 'MesoInception_DF'],
});
const limits = { max_frames: 64, default_frames: 32, max_upload_bytes: 1 << 30 };
const job: Job = { job_id: 'j1', status: 'COMPLETED', created_at: '2026-12-02T10:00:00Z',
                   media: { filename: 'clip.mp4', content_type: 'video/mp4' }, options: { frames: 12, detectors: ['Meso4_DF'] } };

function render(j: Job, c = catalogue) {
  return renderToStaticMarkup(<RerunDialog job={j} catalogue={c} limits={limits} onSubmit={async () => {}} onClose={() => {}} />);
}

describe('the re-run form', () => {
  it("starts from the job's frames and detectors; a detector not installed cannot be chosen", () => {
    const html = render(job);
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+"/);
    const text = textOf(html);
    expect(text).toContain('Re-run clip.mp4');
    expect(text).toContain('this job and its report stay as they are');
    expect(html).toMatch(/<input id="[^"]+" inputMode="numeric"[^>]* value="12"/);
    expect(text).toContain('This job used 12; from 1 to 64.');
    expect(html).toMatch(/type="checkbox"[^>]*checked=""[^>]*\/><span class="break-words">Meso4_DF</);
    expect(html).toMatch(/type="checkbox"[^>]*disabled=""[^>]*\/><span class="break-words">Meso4_F2F \(not installed\)</);
    expect(html).not.toMatch(/type="checkbox"[^>]*checked=""[^>]*\/><span class="break-words">MesoInception_DF</);
    // The safe choice first; the form can be sent as it starts.
    expect(text.indexOf('Keep as is')).toBeLessThan(text.indexOf('Re-run analysis'));
    expect(html).not.toMatch(/<button type="submit"[^>]*disabled/);
  });

  it('offers nothing to choose for a voice recording, and no detectors without a catalogue', () => {
    const voice = { ...job, media: { filename: 'talk.mp3', content_type: 'audio/mpeg' } };
    const text = textOf(render(voice));
    expect(text).toContain('Nothing to choose for this file');
    expect(text).not.toContain('Frames to analyse');
    const noCatalogue = textOf(render(job, NO_CATALOGUE));
    expect(noCatalogue).toContain('Frames to analyse');
    expect(noCatalogue).not.toContain('Detectors');
  });
});
