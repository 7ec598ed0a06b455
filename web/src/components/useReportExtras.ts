import { useEffect, useMemo, useState } from 'react';
import { api, type ArtifactSource } from '../lib/api';
import { timelineArtifact, timelineSeries, type TrackView, type TimelineSeries } from '../lib/report';
import { chartSeriesFromTimeline } from '../lib/temporal';
import type { ModelCard, Report, Timeline } from '../lib/types';

// Model cards, when the server has a /models route. `wanted` false (a shared
// copy: the route needs a session) asks nothing.
export function useModelCards(wanted = true): ModelCard[] {
  const [cards, setCards] = useState<ModelCard[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    api.models().then((c) => live && setCards(c)).catch(() => live && setCards([]));
    return () => { live = false; };
  }, [wanted]);
  return cards;
}

// timeline.json (every face of every sampled frame, with its box and track)
// when the server stores and serves it from `artifacts` (the job's, or a
// share link's); null until it arrives, or without one. Fetched once for
// the chart, the face boxes and the "why" alike.
export function useTimeline(artifacts: ArtifactSource, report: Report): Timeline | null {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const artifact = timelineArtifact(report)?.name;
  useEffect(() => {
    if (!artifact) return;
    let live = true;
    api.hasArtifacts(artifacts)
      .then((has) => (has ? api.timeline(artifacts, artifact) : null))
      .then((t) => { if (live) setTimeline(t); })
      .catch(() => { /* the report alone still draws the page */ });
    return () => { live = false; };
  }, [artifacts, artifact]);
  return timeline;
}

// The chart's lines: per face track (and its landmark-motion windows) from
// the timeline artifact when there is one, otherwise the report's per-frame series.
export function useTimelineSeries(report: Report, tracks: TrackView[], timeline: Timeline | null): TimelineSeries[] {
  return useMemo(() => {
    const perTrack = timeline ? chartSeriesFromTimeline(timeline, tracks) : [];
    return perTrack.length > 0 ? perTrack : timelineSeries(report.evidence.visual);
  }, [report, tracks, timeline]);
}
