import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api';
import { formatScore } from '../lib/format';
import type { TemporalScore, TrackView } from '../lib/report';
import type { OtherTemporalTrack } from '../lib/temporal';
import { verdictLabel } from '../lib/verdict';
import { revokeWhenRead } from './revokeWhenRead';

function Thumbnail({ jobId, track }: { jobId: string; track: TrackView }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const img = useRef<HTMLImageElement | null>(null); // kept after unmount, for revokeWhenRead
  useEffect(() => {
    if (!track.thumbnail) return;
    let objectUrl: string | null = null;
    let live = true;
    const ref = track.thumbnail;
    api.hasArtifacts()
      .then((has) => (has ? api.artifactUrl(jobId, ref) : Promise.reject(new Error('no artifacts route'))))
      .then((u) => { objectUrl = u; if (live) setUrl(u); else URL.revokeObjectURL(u); })
      .catch(() => live && setFailed(true));
    return () => { live = false; if (objectUrl) revokeWhenRead(objectUrl, img.current); };
  }, [jobId, track.thumbnail]);
  if (url) {
    return <img ref={(el) => { if (el) img.current = el; }} src={url} alt={`${track.label} thumbnail`}
                className="aspect-square w-full rounded object-cover" />;
  }
  return (
    <div className="flex aspect-square w-full items-center justify-center rounded bg-slate-100 dark:bg-slate-800 text-xs text-slate-500 dark:text-slate-400">
      {failed ? 'thumbnail unavailable' : track.thumbnail ? 'loading…' : 'no thumbnail'}
    </div>
  );
}

// "Landmark motion 0.12 · No strong signs · 2 windows": the temporal
// section's view of one face.
function TemporalLine({ temporal }: { temporal: TemporalScore }) {
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="track-temporal">
      Landmark motion {formatScore(temporal.score)} · {verdictLabel(temporal.verdict)} · {temporal.windows}{' '}
      {temporal.windows === 1 ? 'window' : 'windows'}
    </p>
  );
}

// One card per face track: thumbnail, score, how many frames it spans and,
// when the temporal section scored it, its landmark-motion score.
export function FaceGallery({ jobId, tracks }: { jobId: string; tracks: TrackView[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 print:grid-cols-6 print:gap-2" data-testid="face-gallery">
      {tracks.map((track) => (
        <li key={track.key} className="rounded-lg border border-slate-200 dark:border-slate-700 p-2" data-testid="face-track">
          <Thumbnail jobId={jobId} track={track} />
          <p className="mt-2 text-sm font-medium">{track.label}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Score {formatScore(track.score)} · {verdictLabel(track.verdict)}
          </p>
          {track.temporal && <TemporalLine temporal={track.temporal} />}
          <p className="text-xs text-slate-500 dark:text-slate-400">{track.frameCount} {track.frameCount === 1 ? 'frame' : 'frames'}</p>
        </li>
      ))}
    </ul>
  );
}

// Faces the landmark tracker followed that match no face track above (track
// id -1): listed on their own, since there is no thumbnail to show them by.
export function OtherTemporalTracks({ tracks }: { tracks: OtherTemporalTrack[] }) {
  return (
    <div className="mt-4" data-testid="other-temporal-tracks">
      <h3 className="text-sm font-semibold text-slate-800 dark:text-slate-200">Faces followed only for landmark motion</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {tracks.map((track) => (
          <li key={track.key} data-testid="other-temporal-track">
            <span className="font-medium">{track.label}</span>{' '}
            <span className="text-slate-600 dark:text-slate-400">
              ({track.firstT.toFixed(1)}–{track.lastT.toFixed(1)} s): landmark motion {formatScore(track.score)} ·{' '}
              {verdictLabel(track.verdict)} · {track.windows} {track.windows === 1 ? 'window' : 'windows'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
