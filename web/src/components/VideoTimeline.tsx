import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import type { SampledFrame } from '../lib/evidence';
import type { TimelineSeries } from '../lib/report';
import type { MediaFacts, Thresholds } from '../lib/types';
import { EvidencePlayer, type PlayerHandle } from './EvidencePlayer';
import { TimelineChart } from './TimelineChart';

// The uploaded video above its score-over-time chart, kept in step: the
// chart marks where the video is, and a click on a point shows that frame.
// The playing time lives here, not in the report, so only these two redraw
// as the video plays.
export const VideoTimeline = forwardRef<PlayerHandle, {
  src: string;
  media: MediaFacts;
  frames: SampledFrame[];
  series: TimelineSeries[];
  thresholds: Thresholds;
}>(function VideoTimeline({ src, media, frames, series, thresholds }, ref) {
  const player = useRef<PlayerHandle>(null);
  const [time, setTime] = useState<number | null>(null);
  useImperativeHandle(ref, () => ({ seekTo: (t, reveal) => player.current?.seekTo(t, reveal) }));
  return (
    <div className="space-y-4">
      <EvidencePlayer ref={player} src={src} media={media} frames={frames} onTime={setTime} />
      <TimelineChart series={series} thresholds={thresholds} durationS={media.duration_s} currentTime={time}
                     onPick={(t) => player.current?.seekTo(t)} />
    </div>
  );
});
