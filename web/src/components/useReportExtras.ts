import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { timelineArtifact, timelineSeries, type TrackView, type TimelineSeries } from '../lib/report';
import { chartSeriesFromTimeline } from '../lib/temporal';
import type { ModelCard, Report } from '../lib/types';

// Model cards, when the server has a /models route.
export function useModelCards(): ModelCard[] {
  const [cards, setCards] = useState<ModelCard[]>([]);
  useEffect(() => {
    let live = true;
    api.models().then((c) => live && setCards(c)).catch(() => live && setCards([]));
    return () => { live = false; };
  }, []);
  return cards;
}

// The chart's lines: per face track (and its landmark-motion windows) from
// the timeline artifact when the server stores one, otherwise the report's
// per-frame series.
export function useTimelineSeries(jobId: string, report: Report, tracks: TrackView[]): TimelineSeries[] {
  const [series, setSeries] = useState(() => timelineSeries(report.evidence.visual));
  const artifact = timelineArtifact(report)?.name;
  useEffect(() => {
    if (!artifact) return;
    let live = true;
    api.hasArtifacts()
      .then((has) => (has ? api.timeline(jobId, artifact) : null))
      .then((timeline) => {
        const perTrack = timeline ? chartSeriesFromTimeline(timeline, tracks) : [];
        if (live && perTrack.length > 0) setSeries(perTrack);
      })
      .catch(() => { /* keep the report's own series */ });
    return () => { live = false; };
  }, [jobId, artifact, tracks]);
  return series;
}
