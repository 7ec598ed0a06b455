import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { formatScore } from '../lib/format';
import type { TrackView } from '../lib/report';
import { verdictLabel } from '../lib/verdict';

function Thumbnail({ apiKey, jobId, track }: { apiKey: string; jobId: string; track: TrackView }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!track.thumbnail) return;
    let objectUrl: string | null = null;
    let live = true;
    const ref = track.thumbnail;
    api.hasArtifacts()
      .then((has) => (has ? api.artifactUrl(apiKey, jobId, ref) : Promise.reject(new Error('no artifacts route'))))
      .then((u) => { objectUrl = u; if (live) setUrl(u); else URL.revokeObjectURL(u); })
      .catch(() => live && setFailed(true));
    return () => { live = false; if (objectUrl) URL.revokeObjectURL(objectUrl); };
  }, [apiKey, jobId, track.thumbnail]);
  if (url) return <img src={url} alt={`${track.label} thumbnail`} className="aspect-square w-full rounded object-cover" />;
  return (
    <div className="flex aspect-square w-full items-center justify-center rounded bg-slate-100 text-xs text-slate-500">
      {failed ? 'thumbnail unavailable' : track.thumbnail ? 'loading…' : 'no thumbnail'}
    </div>
  );
}

// One card per face track: thumbnail, score and how many frames it spans.
export function FaceGallery({ apiKey, jobId, tracks }: { apiKey: string; jobId: string; tracks: TrackView[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="face-gallery">
      {tracks.map((track) => (
        <li key={track.key} className="rounded-lg border border-slate-200 p-2" data-testid="face-track">
          <Thumbnail apiKey={apiKey} jobId={jobId} track={track} />
          <p className="mt-2 text-sm font-medium">{track.label}</p>
          <p className="text-xs text-slate-600">
            Score {formatScore(track.score)} · {verdictLabel(track.verdict)}
          </p>
          <p className="text-xs text-slate-500">{track.frameCount} {track.frameCount === 1 ? 'frame' : 'frames'}</p>
        </li>
      ))}
    </ul>
  );
}
