import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { seriesFromTimeline, timelineArtifact, timelineSeries, type TrackView, type TimelineSeries } from '../lib/report';
import type { Job, ModelCard, Report } from '../lib/types';

// Model cards, when the server has a /models route.
export function useModelCards(apiKey: string): ModelCard[] {
  const [cards, setCards] = useState<ModelCard[]>([]);
  useEffect(() => {
    let live = true;
    api.models(apiKey).then((c) => live && setCards(c)).catch(() => live && setCards([]));
    return () => { live = false; };
  }, [apiKey]);
  return cards;
}

// The chart's lines: per face track from the timeline artifact when the
// server stores one, otherwise what the report itself carries.
export function useTimelineSeries(apiKey: string, job: Job, report: Report, tracks: TrackView[]): TimelineSeries[] {
  const [series, setSeries] = useState(() => timelineSeries(report));
  const artifact = timelineArtifact(report);
  useEffect(() => {
    if (!artifact) return;
    let live = true;
    api.hasArtifacts()
      .then((has) => (has ? api.artifactJson(apiKey, job.job_id, artifact) : null))
      .then((doc) => {
        const perTrack = seriesFromTimeline(doc, tracks);
        if (live && perTrack.length > 0) setSeries(perTrack);
      })
      .catch(() => { /* keep the report's own series */ });
    return () => { live = false; };
  }, [apiKey, job.job_id, artifact, tracks]);
  return series;
}
