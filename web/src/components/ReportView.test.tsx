// The report page's first paint for reports with temporal and audio
// evidence (the stored fixtures in tests/vectors), and for an audio-only job.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { audio, audioOnlyJob, avJob, report, temporal, track, visual } from '../test/reports';
import { part, textOf } from '../test/markup';
import { reportProblems } from '../test/schema';
import type { Report } from '../lib/types';
import { AuthProvider } from './AuthContext';
import { ReportView } from './ReportView';

function render(r: Report) {
  // Server rendering runs no effects, so nothing is fetched.
  const html = renderToStaticMarkup(<AuthProvider><ReportView jobId="j-1" report={r} /></AuthProvider>);
  return { html, text: textOf(html) };
}

describe('a still image', () => {
  it('has faces but no timeline (issue 18: a one-dot chart over 0.00 s)', () => {
    const r = report({ media: { ...report().media, kind: 'image', content_type: 'image/jpeg', duration_s: 0, fps: 0 } });
    const { text } = render(r);
    expect(text).not.toContain('Score over time');
    expect(text).toContain('Visual evidence');
  });

  it('says how many detections a second face detector set aside (issue 18, defect 2)', () => {
    const r = report({ evidence: { visual: visual({ faces_set_aside: 2 }) } });
    expect(reportProblems(r)).toEqual([]);
    expect(render(r).text).toContain('2 detections a second face detector (dlib HOG) did not confirm as a face; not scored');
    expect(render(report()).text).not.toContain('Set aside');
  });

  it('says how many tracks face recognition joined to another (issue 18: one person as two tracks)', () => {
    const identity = { model: { name: 'dlib_face_recognition_resnet_model_v1', version: '1', weights_sha256: 'ab' },
                       max_distance: 0.5, tracks_joined: 1 };
    const r = report({ evidence: { visual: visual({ track_identity: identity }) } });
    expect(reportProblems(r)).toEqual([]);
    expect(render(r).text).toContain('1 track judged the same person as another by face recognition');
    const none = report({ evidence: { visual: visual({ track_identity: { ...identity, tracks_joined: 0 } }) } });
    expect(render(none).text).not.toContain('Joined');
  });

  it('names the device the models ran on when the report says (issue 16)', () => {
    const r = report({ settings: { ...report().settings, device: 'cuda:0' } });
    expect(reportProblems(r)).toEqual([]);
    expect(render(r).text).toContain('Device cuda:0');
    expect(render(report()).text).not.toContain('Device ');
  });

  it('names where the video was decoded when the report says (issue 16, NVDEC)', () => {
    const r = report({ settings: { ...report().settings, decode_device: 'cuda:0' } });
    expect(reportProblems(r)).toEqual([]);
    expect(render(r).text).toContain('Decoded on cuda:0');
    expect(render(report()).text).not.toContain('Decoded on');
  });

  it('has no voice timeline either: a picture has no sound', () => {
    const r = report({ media: { ...report().media, kind: 'image', content_type: 'image/heic', duration_s: 0, fps: 0 },
                       evidence: { visual: visual(), audio: audio({ status: 'not_applicable', reason: 'NO_AUDIO',
                         fake_score: null, verdict: 'not_applicable', detectors: [], windows: [], windows_analyzed: 0,
                         speech_windows: 0 }) } });
    expect(reportProblems(r)).toEqual([]);
    expect(render(r).text).not.toContain('Voice over time');
  });
});

describe('a video with visual, temporal and audio evidence (tests/vectors/job_report_v2_av.json)', () => {
  const r = avJob().result;
  const { html, text } = render(r);

  it('conforms to docs/report.schema.json', () => {
    expect(reportProblems(r)).toEqual([]);
  });

  it('puts the voice timeline right under the video timeline', () => {
    const video = text.indexOf('Score over time');
    const voice = text.indexOf('Voice over time');
    expect(video).toBeGreaterThan(-1);
    expect(voice).toBeGreaterThan(video);
    expect(text.indexOf('Faces')).toBeGreaterThan(voice);
  });

  it('lists each audio window with its span, speech and P(spoof)', () => {
    expect(text).toContain('0.00 s – 4.04 s Speech 0.81 Signs of manipulation');
    expect(text).toContain('4.04 s – 8.07 s No speech not scored —');
    expect(text).toContain('8.07 s – 10.00 s Speech 0.64 Inconclusive');
    expect(text).toContain('2 of 3 windows of 4.04 s hold speech');
    expect(html.match(/data-testid="audio-window"/g)).toHaveLength(3);
    expect(html).toMatch(/<div aria-hidden="true"><div[^>]*data-testid="audio-strip"/); // the table says it in text
    expect(html.match(/data-speech="false"/g)).toHaveLength(2); // strip block and table row of the silent window
    expect(html).not.toContain('data-testid="audio-status"');
    expect(text).toContain('Signs of manipulation Inconclusive No strong signs Speech, not scored No speech (not scored)'); // the strip's legend
  });

  it('shows the temporal score on the face card of the same track, and the unmatched track on its own', () => {
    const gallery = part(html, 'face-gallery');
    expect(gallery).toContain('Face 1 Score 0.09 · No strong signs Landmark motion 0.12 · No strong signs · 2 windows 16 frames');
    expect(gallery).toContain('Face 2 Score 0.23 · No strong signs 3 frames'); // LRNet followed no window of it
    expect(part(html, 'other-temporal-tracks')).toBe('Faces followed only for landmark motion Other face 1 (2.8–4.0 s): ' +
      'landmark motion 0.41 · Inconclusive · 1 window');
  });

  it('shows the temporal and audio sections, in that order after the visual one, by their common fields and their own facts', () => {
    expect(text.indexOf('Visual evidence')).toBeLessThan(text.indexOf('Temporal evidence'));
    expect(text.indexOf('Temporal evidence')).toBeLessThan(text.indexOf('Audio evidence'));
    expect(text).toContain('Temporal evidence Status Scored Leaning No strong signs Score 0.12 Weights LRNet ffpp ' +
      'Windows 3 of 4 scored (30 frames each), 3 windows over 2 tracks Landmarks dlib_shape_predictor_68');
    expect(text).toContain('Audio evidence Status Scored Leaning Signs of manipulation Score 0.81 ' +
      'Windows 2 of 3 with speech (4.04 s each) Sample rate 16 kHz mono');
    for (const d of ['LRNet_g1', 'LRNet_g2', 'AASIST']) expect(text).toContain(d);
  });

  it('gives the audio stream beside the picture in the media facts', () => {
    expect(part(html, 'media-facts')).toContain('Resolution 1280 × 720 Frame rate 25.00 fps Audio aac · 2 channels · 48 kHz');
  });

  it('says when pixels were not square or the video was interlaced, and not otherwise', () => {
    expect(part(html, 'media-facts')).not.toMatch(/stretched|Interlaced/);
    const hdv = { ...r, media: { ...r.media, width: 1920, height: 1080, sample_aspect_ratio: 4 / 3, interlaced: true } };
    expect(reportProblems(hdv)).toEqual([]);
    expect(part(render(hdv).html, 'media-facts')).toContain('Resolution 1920 × 1080 (stored pixels 1.333 times as wide as ' +
      'tall, stretched as players show them) Frame rate 25.00 fps Scan Interlaced (landmark motion read from the top fields)');
  });
});

describe('an audio-only upload (tests/vectors/job_report_v2_audio_only.json)', () => {
  const r = audioOnlyJob().result;
  const { html, text } = render(r);

  it('conforms to docs/report.schema.json', () => {
    expect(reportProblems(r)).toEqual([]);
  });

  it('shows the verdict and the voice timeline, and no picture timeline or faces', () => {
    expect(text).toContain('Signs of manipulation detected');
    expect(text).toContain('Voice over time');
    expect(text).toContain('0.00 s – 4.04 s Speech 0.93');
    expect(text).not.toContain('Score over time');
    expect(text).not.toContain('No frame had a face');
    expect(html).not.toContain('data-testid="face-gallery"');
  });

  it('says calmly that visual and temporal evidence do not apply, without counting frames it never had', () => {
    expect(text).toContain('Visual evidence Status Not applicable (NO_VIDEO) Leaning Not assessed Score — The file has no video');
    expect(text).toContain('Temporal evidence Status Not applicable (NO_VIDEO) Leaning Not assessed Score — The file has no video');
    expect(text.match(/The file has no video, so the face and landmark-motion detectors had nothing to judge/g)).toHaveLength(2);
    expect(html).not.toContain('role="alert"');
  });

  it('gives the audio stream instead of a resolution and frame rate', () => {
    const media = part(html, 'media-facts');
    expect(media).toContain('Audio aac · 1 channel · 22.05 kHz');
    expect(media).not.toMatch(/Resolution|Frame rate/);
  });
});

describe('an audio section that did not score', () => {
  const withAudio = (overrides: Parameters<typeof audio>[0]) =>
    report({ evidence: { visual: visual(), audio: audio({ fake_score: null, verdict: 'not_applicable', detectors: [], ...overrides }) } });

  it.each([
    ['not_applicable', 'NO_SPEECH', 'No speech found', 'No speech was found in the audio.'],
    ['not_applicable', 'NO_AUDIO', 'No audio track', 'The file has no audio track'],
    ['failed', 'AUDIO_DECODE_FAILED', 'Audio could not be decoded', 'The audio could not be decoded'],
  ] as const)('%s (%s) says so in the voice timeline and the section', (status, reason, line, sentence) => {
    const silent = status === 'not_applicable' && reason === 'NO_SPEECH';
    const r = withAudio({ status, reason, speech_windows: 0, windows_analyzed: silent ? 1 : 0,
                          windows: silent ? [{ t: 0, duration_s: 4, speech: false, fake_score: null }] : [] });
    expect(reportProblems(r)).toEqual([]);
    const { html, text } = render(r);
    expect(part(html, 'audio-status')).toBe(line);
    expect(html).toContain(`data-testid="audio-timeline" data-status="${status}"`);
    expect(text).toContain(sentence);
    if (silent) expect(text).toContain('0.00 s – 4.00 s No speech not scored');
    else expect(html).not.toContain('data-testid="audio-windows"');
  });

  it('marks speech beyond the windows scored per file as speech, not scored', () => {
    const r = report({ evidence: { visual: visual(), audio: audio({
      windows_scored: 1, speech_windows: 2, fake_score: 0.81,
      windows: [{ t: 0, duration_s: 4, speech: true, fake_score: 0.81, scores: { AASIST: 0.81 } },
                { t: 4, duration_s: 4, speech: false, fake_score: null },
                { t: 8, duration_s: 2, speech: true, fake_score: null }],
    }) } });
    expect(reportProblems(r)).toEqual([]);
    const { text } = render(r);
    expect(text).toContain('8.00 s – 10.00 s Speech not scored —');
    expect(text).toContain('2 of 3 windows of 4.00 s hold speech; the 1 with the most speech is scored.');
    expect(text).toContain('Windows 2 of 3 with speech (4.00 s each), 1 scored');
    expect(text).toContain('Speech, not scored'); // the strip's legend
  });
});

describe('reports without temporal or audio evidence', () => {
  it('show no voice timeline and no landmark-motion lines', () => {
    const { html, text } = render(report({ evidence: { visual: visual({ tracks: [track(3, 0.4)] }) } }));
    expect(text).not.toContain('Voice over time');
    expect(text).not.toContain('Landmark motion');
    expect(html).not.toContain('other-temporal-tracks');
  });

  it('show landmark-motion tracks even when no face track was kept', () => {
    const { text } = render(report({ evidence: { visual: visual(), temporal: temporal() } }));
    expect(text).toContain('Faces followed only for landmark motion Other face 1 (0.0–2.4 s)');
  });
});

describe('why this verdict', () => {
  it('comes right after the verdict, naming the face, the detectors and the verdict (lib/why.ts)', () => {
    const { html, text } = render(avJob().result);
    expect(part(html, 'why-verdict')).toMatch(/^Why this verdict The voice scored 0\.81 on AASIST .* while Face 2 \(seen 0:03\.8–0:05\.0/);
    expect(text.indexOf('Why this verdict')).toBeGreaterThan(text.indexOf('What the detectors indicate'));
    expect(text.indexOf('Why this verdict')).toBeLessThan(text.indexOf('Score over time'));
  });

  it('has no player without the media URL (a share link\'s copy): the chart keeps its own title', () => {
    const { html, text } = render(avJob().result);
    expect(html).not.toContain('data-testid="evidence-player"');
    expect(text).toContain('Score over time');
    expect(text).not.toContain('Video and score over time');
  });
});
