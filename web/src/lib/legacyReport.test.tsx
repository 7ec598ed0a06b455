// Reports stored before report_version (two real job documents in
// tests/vectors) are upgraded on load, conform to the contract and render.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../components/AuthContext';
import { ReportView } from '../components/ReportView';
import { report as currentReport } from '../test/reports';
import { reportProblems } from '../test/schema';
import { jobFrom } from './api';
import { upgradeLegacyReport } from './legacyReport';
import type { Report } from './types';

function storedJob(file: string): { result: Record<string, unknown> } & Record<string, unknown> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../tests/vectors/${file}`, import.meta.url)), 'utf8'));
}

function renderedText(report: Report): string {
  // Server rendering runs no effects, so nothing is fetched: this is the first paint.
  const html = renderToStaticMarkup(<AuthProvider><ReportView jobId="j-1" report={report} /></AuthProvider>);
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

describe('upgradeLegacyReport: a version-1 report with faces', () => {
  const v1 = storedJob('job_report_v1.json').result;
  const report = upgradeLegacyReport(v1);
  const visual = report.evidence.visual;

  it('conforms to docs/report.schema.json', () => {
    expect(reportProblems(report)).toEqual([]);
  });

  it('moves the face evidence under evidence.visual and keeps its numbers', () => {
    expect(report).toMatchObject({ report_version: 2, verdict: 'inconclusive', fake_score: v1.fake_score, reason: null,
                                   thresholds: { likely_fake: 0.7, likely_real: 0.3 } });
    expect(visual).toMatchObject({ status: 'ok', reason: null, fake_score: v1.fake_score, verdict: 'inconclusive',
                                   deciding_track: 1, frames_analyzed: 8, faces_found: 13, faces_classified: 13 });
    expect(visual.frames).toEqual(v1.per_frame);
    expect(visual.tracks).toEqual(v1.tracks);
    expect(visual.detectors.map((d) => [d.name, d.verdict])).toEqual([
      ['Meso4_DF', 'likely_fake'], ['Meso4_F2F', 'inconclusive'], ['MesoInception_DF', 'inconclusive'],
      ['MesoInception_F2F', 'likely_real']]);
    expect(visual.face_detector).toEqual({ name: 'blazeface', models: v1.face_detector_models });
  });

  it('turns the ensemble into fusion, without thresholds, and keeps only the contract settings', () => {
    expect(report.fusion.version).toBe('2024.1');
    expect(report.fusion.parameters).toMatchObject({ min_track_faces: 2, track_trim_fraction: 0.1 });
    expect(report.fusion.parameters).not.toHaveProperty('thresholds');
    expect(report.settings).toEqual({ frames_requested: 8, frames_used: 8, software_version: '0.1.0' });
    expect(report).not.toHaveProperty('ensemble_score');
    expect(report).not.toHaveProperty('detector');
  });

  it('renders: verdict, score, faces, the visual section with its detectors, media and settings', () => {
    const text = renderedText(report);
    expect(text).toContain('Inconclusive');
    expect(text).toContain('Manipulation score 0.53');
    expect(text).toContain('Face 1');
    expect(text).toContain('Face 2');
    expect(text).toContain('Visual evidence Status Scored Leaning Inconclusive Score 0.53');
    expect(text).toContain('Frames analysed 8 (0 without a face)');
    expect(text).toContain('blazeface (blazeface_front mediapipe-2019.1, blazeface_back mediapipe-2019.1)');
    for (const d of ['Meso4_DF', 'Meso4_F2F', 'MesoInception_DF', 'MesoInception_F2F']) expect(text).toContain(d);
    expect(text).toContain('720 × 528');
    expect(text).toContain('Frames requested 8');
  });
});

describe('upgradeLegacyReport: a version-1 report without a face', () => {
  const report = upgradeLegacyReport(storedJob('job_report_v1_no_face.json').result);

  it('conforms to docs/report.schema.json', () => {
    expect(reportProblems(report)).toEqual([]);
  });

  it('is not applicable for NO_FACE, in the report and in its visual section', () => {
    expect(report).toMatchObject({ verdict: 'not_applicable', fake_score: null, reason: 'NO_FACE' });
    expect(report.evidence.visual).toMatchObject({ status: 'not_applicable', reason: 'NO_FACE', fake_score: null,
                                                   verdict: 'not_applicable', tracks: [], deciding_track: null });
    // Detectors that scored nothing were stored without a verdict.
    expect(report.evidence.visual.detectors.every((d) => d.verdict === 'not_applicable' && d.fake_score === null)).toBe(true);
  });

  it('renders as not assessed, with the reason in the visual section', () => {
    const text = renderedText(report);
    expect(text).toContain('Could not be assessed');
    expect(text.match(/No face was found/g)).toHaveLength(1); // the banner says it; the section does not repeat it
    expect(text).toContain('Visual evidence Status Not applicable (NO_FACE) Leaning Not assessed');
    expect(text).not.toContain('Score over time'); // a still PNG: one picture, no timeline
    // No table of dashes (issue 18): the detectors that were ready, by name.
    expect(text).toContain('No detector gave a score. Ready to run: Meso4_DF (version 2018-wifs.2), Meso4_F2F');
    expect(text).not.toContain('Weights sha256');
    expect(text).not.toContain('Face 1');
  });
});

describe('loading a job', () => {
  it('upgrades a stored version-1 report and passes a current one through unchanged', () => {
    const stored = storedJob('job_report_v1.json');
    expect(jobFrom(stored).result?.report_version).toBe(2);
    const current = currentReport();
    expect(jobFrom({ ...stored, result: current }).result).toBe(current);
    expect(jobFrom({ ...stored, result: null }).result).toBeNull();
  });

  it('renders a section this build has never seen by its common fields', () => {
    const report = currentReport({ evidence: { visual: currentReport().evidence.visual,
      provenance: { status: 'failed', reason: 'DECODE_ERROR', fake_score: null, verdict: 'not_applicable', detectors: [] } } });
    expect(reportProblems(report)).toEqual([]);
    expect(renderedText(report)).toContain('Provenance evidence');
    expect(renderedText(report)).toContain('Status Analysis failed (DECODE_ERROR) Leaning Not assessed Score — ' +
      'The detectors could not judge this file (DECODE_ERROR).');
  });
});
