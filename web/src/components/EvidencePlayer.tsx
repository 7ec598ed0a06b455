import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type CSSProperties } from 'react';
import { api } from '../lib/api';
import { boxHoldSeconds, frameAt, frameCaption, stepFrame, type SampledFrame } from '../lib/evidence';
import type { MediaFacts } from '../lib/types';
import { FaceBoxes } from './FaceBoxes';

// Seeking from outside the player: the chart's points, the gallery's faces.
// `reveal` scrolls the player into view (the gallery is far below it).
export interface PlayerHandle {
  seekTo(t: number, reveal?: boolean): void;
}

// The upload's URL once the server's public OpenAPI document lists the
// media route; null before, or on an older server (no 404 in the console).
export function useServedMedia(mediaUrl: string | undefined): string | null {
  const [served, setServed] = useState(false);
  useEffect(() => {
    if (!mediaUrl) return;
    let live = true;
    api.hasMedia().then((has) => live && setServed(has)).catch(() => {});
    return () => { live = false; };
  }, [mediaUrl]);
  return mediaUrl && served ? mediaUrl : null;
}

// The picture keeps the media's shape, so boxes placed in percent land on
// the faces, and is never taller than most of the screen.
function frameStyle({ width, height }: MediaFacts): CSSProperties {
  const ratio = width > 0 && height > 0 ? width / height : 16 / 9;
  return { aspectRatio: String(ratio), maxWidth: `min(100%, calc(65vh * ${ratio.toFixed(4)}))` };
}

const FRAME_CLASS = 'relative mx-auto w-full overflow-hidden rounded bg-black';

function Unplayable({ what }: { what: string }) {
  return (
    <p className="rounded bg-slate-100 dark:bg-slate-800 p-3 text-sm text-slate-700 dark:text-slate-300" data-testid="media-unavailable">
      This browser cannot show the {what}; the chart and the face cards below still come from the report.
    </p>
  );
}

interface PlayerProps {
  src: string;
  media: MediaFacts;
  frames: SampledFrame[];
  onTime: (t: number) => void; // at timeupdate's pace, for the chart's marker
}

// The uploaded video with the face boxes of the sampled frame nearest the
// current time, a caption saying the same in words, and buttons that step
// from one sampled frame to the next (the keyboard's way to the evidence;
// the video's own controls play and seek).
export const EvidencePlayer = forwardRef<PlayerHandle, PlayerProps>(function EvidencePlayer({ src, media, frames, onTime }, ref) {
  const video = useRef<HTMLVideoElement>(null);
  const follow = useRef(0);
  const [now, setNow] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const hold = useMemo(() => boxHoldSeconds(frames, media.fps), [frames, media.fps]);
  const shown = frameAt(frames, now, hold);

  const seekTo = (t: number, reveal = false) => {
    const v = video.current;
    if (!v) return;
    v.pause(); // the frame asked for stays on screen to be looked at
    v.currentTime = t;
    setNow(t);
    onTime(t);
    if (reveal) v.scrollIntoView({ block: 'center' });
  };
  useImperativeHandle(ref, () => ({ seekTo }));

  // Boxes follow playback frame by frame (timeupdate comes only about four
  // times a second); the loop stops when playback does.
  useEffect(() => () => cancelAnimationFrame(follow.current), []);
  const followPlayback = () => {
    const v = video.current;
    if (!v) return;
    setNow(v.currentTime);
    if (!v.paused && !v.ended) follow.current = requestAnimationFrame(followPlayback);
  };
  const syncTime = () => {
    const t = video.current?.currentTime ?? 0;
    setNow(t);
    onTime(t);
  };
  const step = (direction: -1 | 1) => {
    const target = stepFrame(frames, now, direction);
    if (target) seekTo(target.t);
  };

  if (failed) return <Unplayable what="video" />;
  return (
    // Not on paper: a player prints as one arbitrary frame, and the chart,
    // the face cards and the why say what it shows.
    <figure className="space-y-2 print:hidden" data-testid="evidence-player">
      <div className={FRAME_CLASS} style={frameStyle(media)}>
        <video ref={video} src={src} controls preload="metadata" playsInline className="absolute inset-0 h-full w-full"
               aria-label={`The uploaded video, ${media.filename}`} data-testid="evidence-video"
               onPlay={() => { setPlaying(true); cancelAnimationFrame(follow.current); followPlayback(); }}
               onPause={() => { setPlaying(false); syncTime(); }}
               onTimeUpdate={syncTime} onSeeked={syncTime} onError={() => setFailed(true)} />
        {shown && <FaceBoxes boxes={shown.boxes} width={media.width} height={media.height} />}
      </div>
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <button type="button" className="btn-secondary" onClick={() => step(-1)}
                disabled={!stepFrame(frames, now, -1)}>← Previous sampled frame</button>
        <button type="button" className="btn-secondary" onClick={() => step(1)}
                disabled={!stepFrame(frames, now, 1)}>Next sampled frame →</button>
      </div>
      {/* Said aloud when it changes while paused (stepping, a chart click);
          quiet during playback, when it changes several times a second. */}
      <figcaption className="text-sm text-slate-700 dark:text-slate-300" aria-live={playing ? 'off' : 'polite'}
                  data-testid="evidence-caption">
        {frameCaption(frames, shown)}
      </figcaption>
    </figure>
  );
});

// A still image with its face boxes: one sampled "frame" at t = 0.
export function EvidencePicture({ src, media, frames }: { src: string; media: MediaFacts; frames: SampledFrame[] }) {
  const [failed, setFailed] = useState(false);
  const shown = frames[0] ?? null;
  if (failed) return <Unplayable what="picture" />;
  return (
    <figure className="mb-4 space-y-2" data-testid="evidence-picture">
      <div className={FRAME_CLASS} style={frameStyle(media)}>
        <img src={src} alt={`The uploaded picture, ${media.filename}`} className="absolute inset-0 h-full w-full"
             onError={() => setFailed(true)} />
        {shown && <FaceBoxes boxes={shown.boxes} width={media.width} height={media.height} />}
      </div>
      <figcaption className="text-sm text-slate-700 dark:text-slate-300" data-testid="evidence-caption">
        {frameCaption(frames, shown, { still: true })}
      </figcaption>
    </figure>
  );
}
