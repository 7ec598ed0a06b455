// The plain-language "why" of a verdict: which face, which frames and which
// detectors drove it, or why nothing could be assessed. Read only from the
// report (and timeline.json, for frame counts), following the fusion rules
// of docs/fusion.md: per detector against the thresholds, the visual
// section's deciding track, then the sections together. The verdicts'
// names and the reasons for "not assessed" come from verdict.ts, so the
// wording of a verdict lives in one place.
import { formatClock, formatScore } from './format';
import { evidenceSections, evidenceTitle, trackKey, type EvidenceView, type TrackView } from './report';
import type { AudioEvidence, EvidenceSection, FaceTrack, Report, TemporalEvidence, Thresholds, Timeline, VisualEvidence } from './types';
import { sectionStatusLabel, verdictLabel } from './verdict';

export interface WhyVerdict {
  summary: string;
  points: string[];
}

// What a section's scores say by the thresholds (docs/fusion.md, rule 3).
type Leaning = 'flag' | 'clear' | 'between';

const SECTION_NAMES: Record<string, string> = { visual: 'Face detectors', temporal: 'Landmark motion', audio: 'Voice' };
const sectionName = (name: string) => SECTION_NAMES[name] ?? evidenceTitle(name);

const quoted = (verdict: Parameters<typeof verdictLabel>[0]) => `"${verdictLabel(verdict)}"`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// "a", "a and b", "a, b and c".
export function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

type Scored = [name: string, score: number];

// "0.91 on Meso4_DF and 0.88 on MesoInception_DF", highest first.
function scoresOn(scores: Scored[]): string {
  return listWords([...scores].sort((a, b) => b[1] - a[1]).map(([name, s]) => `${formatScore(s)} on ${name}`));
}

function leaningOf(scores: number[], thresholds: Thresholds): Leaning {
  if (scores.length > 0 && scores.every((s) => s <= thresholds.likely_real)) return 'clear';
  return scores.some((s) => s >= thresholds.likely_fake) ? 'flag' : 'between';
}

// The face the visual section's score came from: its deciding track, or the
// most suspicious one in a report that names none.
function decidingTrack(visual: VisualEvidence): FaceTrack | undefined {
  return visual.tracks.find((t) => t.id === visual.deciding_track)
    ?? [...visual.tracks].sort((a, b) => b.fake_score - a.fake_score)[0];
}

// "Face 1 (seen 0:00.1–0:02.8)"; a still image has no time to give.
function faceName(track: FaceTrack, report: Report, tracks: TrackView[]): string {
  const label = tracks.find((t) => t.key === trackKey(track.id))?.label ?? `Track ${track.id}`;
  const others = report.evidence.visual.tracks.length;
  const which = others > 1 ? `, the most suspicious of ${others} faces` : '';
  if (report.media.kind !== 'video') return `${label}${which ? ` (${which.slice(2)})` : ''}`;
  const seen = track.first_t === track.last_t ? `seen at ${formatClock(track.first_t)}`
    : `seen ${formatClock(track.first_t)}–${formatClock(track.last_t)}`;
  return `${label} (${seen}${which})`;
}

// " in 6 of its 8 sampled frames": how many of the track's faces in
// timeline.json meet `test`; nothing without the timeline, or for one picture.
function frameTally(report: Report, timeline: Timeline | null, track: FaceTrack,
                    test: (scores: Record<string, number>, fused: number) => boolean): string {
  if (!timeline || report.media.kind !== 'video') return '';
  const faces = timeline.frames.flatMap((f) => f.detections).filter((d) => d.track === track.id);
  if (faces.length === 0) return '';
  const hits = faces.filter((d) => test(d.scores, d.fake_score)).length;
  return ` in ${hits} of its ${plural(faces.length, 'sampled frame')}`;
}

// What the visual section's deciding face scored, told by how it leans.
function visualClause(report: Report, tracks: TrackView[], timeline: Timeline | null, role: Leaning | 'disagree'): string {
  const { visual } = report.evidence;
  const { likely_fake: fake, likely_real: real } = report.thresholds;
  const track = decidingTrack(visual);
  if (!track) return `the face detectors scored ${formatScore(visual.fake_score)}`;
  const face = faceName(track, report, tracks);
  const scores: Scored[] = Object.entries(track.scores);
  const scoreOf = (name: string): Scored => [name, track.scores[name] ?? visual.detectors.find((d) => d.name === name)?.fake_score ?? NaN];
  switch (role) {
    case 'flag': {
      const flagging = scores.filter(([, s]) => s >= fake);
      const names = new Set(flagging.map(([n]) => n));
      const tally = frameTally(report, timeline, track, (per) => [...names].some((n) => (per[n] ?? 0) >= fake));
      return `${face} scored ${scoresOn(flagging)}, at or above the ${formatScore(fake)} threshold${tally}`;
    }
    case 'clear': {
      const [top, highest] = [...scores].sort((a, b) => b[1] - a[1])[0];
      const tally = frameTally(report, timeline, track, (_, fused) => fused <= real);
      const all = scores.length === 1 ? `on ${top}`
        : `on ${scores.length === 2 ? 'both' : `all ${scores.length}`} detectors (highest: ${top})`;
      return `${face} scored at most ${formatScore(highest)} ${all}, at or below the ${formatScore(real)} threshold${tally}`;
    }
    case 'disagree': {
      const { flagging = [], clearing = [] } = visual.disagreement ?? {};
      return `${face} scored ${scoresOn(flagging.map(scoreOf))} (at or above ${formatScore(fake)}) but ` +
        `${scoresOn(clearing.map(scoreOf))} (at or below ${formatScore(real)})`;
    }
    case 'between': {
      const [name, highest] = [...scores].sort((a, b) => b[1] - a[1])[0] ?? ['the detectors', visual.fake_score ?? NaN];
      return `${face} scored at most ${formatScore(highest)} (on ${name}), between the ${formatScore(real)} and ` +
        `${formatScore(fake)} thresholds`;
    }
  }
}

const detectorNames = (section: EvidenceSection) => listWords(section.detectors.map((d) => d.name));

// The landmark-motion section's score, and the followed face it came from
// when one track holds it.
function temporalScores(temporal: TemporalEvidence, tracks: TrackView[]): string {
  const top = temporal.tracks.find((t) => t.fake_score === temporal.fake_score);
  if (!top) return `scored ${formatScore(temporal.fake_score)} on ${detectorNames(temporal)}`;
  const face = tracks.find((t) => t.key === trackKey(top.track))?.label ?? 'a face no face track matches';
  return `scored ${formatScore(top.fake_score)} on ${detectorNames(temporal)} for ${face} ` +
    `(${plural(top.windows, 'window')}, ${formatClock(top.first_t)}–${formatClock(top.last_t)})`;
}

// The voice section's most suspicious speech window.
function audioScores(audio: AudioEvidence): string {
  const scored = audio.windows.filter((w): w is typeof w & { fake_score: number } => w.fake_score !== null);
  const top = [...scored].sort((a, b) => b.fake_score - a.fake_score)[0];
  if (!top) return `scored ${formatScore(audio.fake_score)} on ${detectorNames(audio)}`;
  return `scored ${formatScore(top.fake_score)} on ${detectorNames(audio)} in the speech window ` +
    `${formatClock(top.t)}–${formatClock(top.t + top.duration_s)} (the highest of ${plural(scored.length, 'scored window')})`;
}

// What a section other than the visual one scored, without its name.
function otherSectionScores({ name, section }: EvidenceView, tracks: TrackView[]): string {
  if (name === 'temporal') return temporalScores(section as TemporalEvidence, tracks);
  if (name === 'audio') return audioScores(section as AudioEvidence);
  return `scored ${formatScore(section.fake_score)} on ${detectorNames(section)}`;
}

const SUBJECTS: Record<string, string> = { temporal: 'landmark motion', audio: 'the voice' };

function sectionClause(view: EvidenceView, report: Report, tracks: TrackView[], timeline: Timeline | null,
                       role: Leaning | 'disagree'): string {
  if (view.name === 'visual') return visualClause(report, tracks, timeline, role);
  return `${SUBJECTS[view.name] ?? sectionName(view.name).toLowerCase()} ${otherSectionScores(view, tracks)}`;
}

const isScored = ({ section }: EvidenceView) => section.status === 'ok' && section.fake_score !== null;

// How a scored section leans: the visual one by its deciding face's
// detectors, the others (one model each) by their own verdict.
function sectionLeaning(view: EvidenceView, report: Report): Leaning {
  if (view.name === 'visual') {
    const track = decidingTrack(report.evidence.visual);
    return leaningOf(track ? Object.values(track.scores) : [], report.thresholds);
  }
  return view.section.verdict === 'likely_fake' ? 'flag' : view.section.verdict === 'likely_real' ? 'clear' : 'between';
}

function clauses(views: EvidenceView[], report: Report, tracks: TrackView[], timeline: Timeline | null): string {
  return views.map((v) => sectionClause(v, report, tracks, timeline, sectionLeaning(v, report))).join('; ');
}

// An inconclusive verdict: the detectors or the sections disagree, the
// media is outside what the models were trained on, or the scores sit
// between the thresholds.
function inconclusiveSummary(report: Report, scored: EvidenceView[], tracks: TrackView[], timeline: Timeline | null): string {
  const verdict = quoted('inconclusive');
  const visual = scored.find((v) => v.name === 'visual');
  if (report.reason === 'DETECTORS_DISAGREE' && visual && report.evidence.visual.disagreement) {
    return `${capitalised(sectionClause(visual, report, tracks, timeline, 'disagree'))}; because the detectors ` +
      `disagree, the verdict is ${verdict}.`;
  }
  const flagging = scored.filter((v) => v.section.verdict === 'likely_fake');
  const clearing = scored.filter((v) => v.section.verdict === 'likely_real');
  // Reports written before SECTIONS_DISAGREE existed said DETECTORS_DISAGREE for it too.
  if (report.reason?.endsWith('_DISAGREE') && flagging.length > 0 && clearing.length > 0) {
    return `${capitalised(clauses(flagging, report, tracks, timeline))}, while ${clauses(clearing, report, tracks, timeline)}; ` +
      `because the kinds of evidence disagree, the verdict is ${verdict}.`;
  }
  const evidence = capitalised(clauses(scored, report, tracks, timeline));
  if (report.reason) {
    const warning = report.warnings.find((w) => w.code === report.reason);
    const why = warning ? `${warning.message} (${warning.code})` : `the report gives the reason ${report.reason}`;
    return `${evidence}, but ${why}, so the verdict is ${verdict}.`;
  }
  return `${evidence}; no detector was confident either way, so the verdict is ${verdict}.`;
}

function scoredSummary(report: Report, tracks: TrackView[], timeline: Timeline | null): string {
  const scored = evidenceSections(report).filter(isScored);
  if (scored.length === 0) return `No evidence section produced a score; the verdict is ${quoted(report.verdict)}.`;
  if (report.verdict === 'inconclusive') return inconclusiveSummary(report, scored, tracks, timeline);
  // likely_fake: the sections that flag drove it; likely_real: every scored section cleared it.
  const drivers = report.verdict === 'likely_fake' ? scored.filter((v) => sectionLeaning(v, report) === 'flag') : scored;
  const shown = drivers.length > 0 ? drivers : scored;
  return `${capitalised(clauses(shown, report, tracks, timeline))}; ${
    report.verdict === 'likely_fake' ? 'these scores drove' : 'these scores led to'} the verdict ${quoted(report.verdict)}.`;
}

// What the visual section read: sampled frames, frames with a face, faces set aside.
function visualPoint(visual: VisualEvidence, tracks: TrackView[]): string {
  const withFace = visual.frames.filter((f) => f.faces > 0).length;
  const frames = visual.frames_analyzed > 0
    ? `${withFace} of ${plural(visual.frames_analyzed, 'sampled frame')} showed a face`
    : 'no frame was analysed';
  const aside = visual.faces_set_aside
    ? `; ${plural(visual.faces_set_aside, 'detection')} a second face detector did not confirm ${
      visual.faces_set_aside === 1 ? 'was' : 'were'} set aside` : '';
  const track = visual.status === 'ok' ? decidingTrack(visual) : undefined;
  const label = track && (tracks.find((t) => t.key === trackKey(track.id))?.label ?? `Track ${track.id}`);
  const scores = track ? `; ${label} decided the score (${
    Object.entries(track.scores).map(([name, s]) => `${name} ${formatScore(s)}`).join(', ')})` : '';
  return `${sectionName('visual')}: ${frames}${aside}${scores}.`;
}

// One line per evidence section: what it scored and how it leans, or its
// status and reason code (its card below says why in words; not twice).
function sectionPoint(view: EvidenceView, report: Report, tracks: TrackView[]): string {
  const { name, section } = view;
  if (name === 'visual') return visualPoint(report.evidence.visual, tracks);
  if (!isScored(view)) return `${sectionName(name)}: ${sectionStatusLabel(section.status, section.reason)}.`;
  return `${sectionName(name)}: ${capitalised(otherSectionScores(view, tracks))}, leaning ${quoted(section.verdict)}.`;
}

// Nothing scored: what was looked at and found wanting. The banner already
// says the reason in words (verdict.ts, notApplicableReason); this gives the counts.
function notAssessedSummary(report: Report): string {
  const { visual } = report.evidence;
  const verdict = quoted('not_applicable');
  if (report.reason === 'NO_FACE' && visual.frames_analyzed > 0) {
    const aside = visual.faces_set_aside ? ` (${plural(visual.faces_set_aside, 'detection')} a second face detector ` +
      `did not confirm ${visual.faces_set_aside === 1 ? 'was' : 'were'} set aside)` : '';
    return `None of the ${plural(visual.frames_analyzed, 'sampled frame')} showed a face the detectors could score${aside}, ` +
      `so no detector gave a score and the verdict is ${verdict}.`;
  }
  const unscored = evidenceSections(report).map(({ name, section }) =>
    `${sectionName(name).toLowerCase()} (${section.reason ?? sectionStatusLabel(section.status, null).toLowerCase()})`);
  return `No kind of evidence produced a score: ${listWords(unscored)}; so the verdict is ${verdict}.`;
}

export function whyVerdict(report: Report, tracks: TrackView[], timeline: Timeline | null): WhyVerdict {
  const summary = report.verdict === 'not_applicable'
    ? notAssessedSummary(report)
    : scoredSummary(report, tracks, timeline);
  return { summary, points: evidenceSections(report).map((view) => sectionPoint(view, report, tracks)) };
}
