// What the report page's player shows over the uploaded media: the sampled
// frames with their face boxes, which sampled frame a moment of playback
// belongs to, and where a box sits over the picture. Boxes are in the
// media's displayed pixels (media.width x media.height: the analyzer turns
// rotated video upright, as browsers do).
import { formatClock, formatScore } from './format';
import { trackKey, type TrackView } from './report';
import type { Box, Report, Thresholds, Timeline, Verdict, VisualEvidence } from './types';
import { verdictFor, verdictLabel } from './verdict';

export interface FaceBox {
  trackKey: string;
  label: string;
  score: number;
  verdict: Verdict;
  box: Box;
}

export interface SampledFrame {
  t: number;
  boxes: FaceBox[];
}

// Boxes are known only at sampled frames; between them a face moves. Boxes
// stay up for half the gap to the next sample, but never longer than this,
// so sparse samples of a long video do not pin a box on a face that left.
export const MAX_BOX_HOLD_S = 0.5;

// Report times are the decoder's timestamps as doubles: 2.8000000000000003.
const SAME_TIME_S = 1e-6;

function faceBox(track: TrackView, box: Box, score: number, thresholds: Thresholds): FaceBox {
  return { trackKey: track.key, label: track.label, score, verdict: verdictFor(score, thresholds), box };
}

// Every face of every sampled frame from timeline.json. Faces of tracks the
// report does not list (set aside by the second face detector, or in no
// track) were not evidence for the verdict, so they get no box.
function framesFromTimeline(timeline: Timeline, tracks: TrackView[], thresholds: Thresholds): SampledFrame[] {
  const byKey = new Map(tracks.map((t) => [t.key, t]));
  return timeline.frames.map((frame) => ({
    t: frame.t,
    boxes: frame.detections.flatMap((d) => {
      const track = byKey.get(trackKey(d.track));
      return track ? [faceBox(track, d.box, d.fake_score, thresholds)] : [];
    }),
  }));
}

// Without timeline.json the report still lists every sampled frame and, per
// track, the box of its most suspicious face: one box per track.
function framesFromReport(visual: VisualEvidence, tracks: TrackView[], thresholds: Thresholds): SampledFrame[] {
  const byKey = new Map(tracks.map((t) => [t.key, t]));
  return visual.frames.map((frame) => ({
    t: frame.t,
    boxes: visual.tracks.flatMap((track) => {
      const view = byKey.get(trackKey(track.id));
      return view && Math.abs(track.thumbnail_t - frame.t) < SAME_TIME_S
        ? [faceBox(view, track.thumbnail_box, track.fake_score, thresholds)] : [];
    }),
  }));
}

export function sampledFrames(report: Report, timeline: Timeline | null, tracks: TrackView[]): SampledFrame[] {
  const frames = timeline
    ? framesFromTimeline(timeline, tracks, report.thresholds)
    : framesFromReport(report.evidence.visual, tracks, report.thresholds);
  return [...frames].sort((a, b) => a.t - b.t);
}

// The index of the sampled frame nearest `t` (the earlier one on a tie); -1
// when there is none. `frames` must be sorted by time.
export function nearestFrameIndex(frames: { t: number }[], t: number): number {
  if (frames.length === 0) return -1;
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t - frames[lo - 1].t <= frames[lo].t - t ? lo - 1 : lo;
}

// How long around a sampled frame its boxes stay up: half the typical gap
// between samples, at least one video frame, at most MAX_BOX_HOLD_S.
export function boxHoldSeconds(frames: { t: number }[], fps: number): number {
  const oneFrame = fps > 0 ? 1 / fps : 0;
  const gaps = frames.slice(1).map((f, i) => f.t - frames[i].t).filter((g) => g > 0).sort((a, b) => a - b);
  const median = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 2 * MAX_BOX_HOLD_S;
  return Math.min(MAX_BOX_HOLD_S, Math.max(oneFrame, median / 2));
}

// The sampled frame whose boxes belong on screen at `t`, or null between samples.
export function frameAt(frames: SampledFrame[], t: number, holdS: number): SampledFrame | null {
  const index = nearestFrameIndex(frames, t);
  if (index < 0) return null;
  return Math.abs(frames[index].t - t) <= holdS + SAME_TIME_S ? frames[index] : null;
}

// The sampled frame before or after the one nearest `t`, for stepping
// through the evidence with buttons; null past either end.
export function stepFrame(frames: SampledFrame[], t: number, direction: -1 | 1): SampledFrame | null {
  const index = nearestFrameIndex(frames, t);
  if (index < 0) return null;
  // Between two samples, "next" is the one after t and "previous" the one before.
  const offset = frames[index].t > t + SAME_TIME_S && direction === 1 ? 0
    : frames[index].t < t - SAME_TIME_S && direction === -1 ? 0 : direction;
  return frames[index + offset] ?? null;
}

const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(3)}%`;

// A box as CSS offsets over the picture, in percent of its size, so it
// stays on the face at any size the player is drawn; clipped to the
// picture, as a face at the edge can be detected partly outside it.
export function boxPosition([x, y, w, h]: Box, width: number, height: number) {
  const left = clamp(x, width);
  const top = clamp(y, height);
  return { left: percent(left, width), top: percent(top, height),
           width: percent(clamp(x + w, width) - left, width), height: percent(clamp(y + h, height) - top, height) };
}

// When the gallery's "Show in video" jumps to a face: its track's most
// suspicious face, the one its thumbnail shows.
export function trackMoment(visual: VisualEvidence, key: string): number | null {
  return visual.tracks.find((t) => trackKey(t.id) === key)?.thumbnail_t ?? null;
}

// The player's caption: the sampled frame on screen and its faces in words
// (what the boxes show), or that playback is between samples.
export function frameCaption(frames: SampledFrame[], shown: SampledFrame | null, { still = false } = {}): string {
  if (frames.length === 0) return 'No frame was sampled, so there are no face boxes to show.';
  if (!shown) return `Between sampled frames: face boxes appear at the ${frames.length} frames the detectors read.`;
  const where = still ? 'In the picture'
    : `Sampled frame ${frames.indexOf(shown) + 1} of ${frames.length} (${formatClock(shown.t)})`;
  if (shown.boxes.length === 0) return `${where}: no scored face${still ? '' : ' in this frame'}.`;
  return `${where}: ${shown.boxes.map((b) => `${b.label} ${formatScore(b.score)}, ${verdictLabel(b.verdict)}`).join('; ')}.`;
}
