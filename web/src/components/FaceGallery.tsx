import { useEffect, useRef, useState } from 'react';
import { api, type ArtifactSource } from '../lib/api';
import { formatScore } from '../lib/format';
import type { TemporalScore, TrackView } from '../lib/report';
import type { OtherTemporalTrack } from '../lib/temporal';
import { verdictLabel } from '../lib/verdict';
import { revokeWhenRead } from './revokeWhenRead';

// A face's picture, an artifact of the job (or of its share link), fetched
// with the session cookie as a blob and released when it goes.
function ArtifactImage({ artifacts, name, alt, missing }: {
  artifacts: ArtifactSource; name: string | null; alt: string; missing: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const img = useRef<HTMLImageElement | null>(null); // kept after unmount, for revokeWhenRead
  useEffect(() => {
    setUrl(null);
    setFailed(false);
    if (!name) return;
    let objectUrl: string | null = null;
    let live = true;
    api.hasArtifacts(artifacts)
      .then((has) => (has ? api.artifactUrl(artifacts, name) : Promise.reject(new Error('no artifacts route'))))
      .then((u) => { objectUrl = u; if (live) setUrl(u); else URL.revokeObjectURL(u); })
      .catch(() => live && setFailed(true));
    return () => { live = false; if (objectUrl) revokeWhenRead(objectUrl, img.current); };
  }, [artifacts, name]);
  if (url) {
    return <img ref={(el) => { if (el) img.current = el; }} src={url} alt={alt}
                className="aspect-square w-full rounded object-cover" />;
  }
  return (
    <div className="flex aspect-square w-full items-center justify-center rounded bg-slate-100 dark:bg-slate-800 text-xs text-slate-500 dark:text-slate-400">
      {failed ? `${missing} unavailable` : name ? 'loading…' : `no ${missing}`}
    </div>
  );
}

// What a saliency heatmap is, and is not, in one line (docs/report.md).
export const HEATMAP_CAPTION = "Where the detectors' score was most sensitive; not proof of editing.";

// Which picture a face card shows: its thumbnail, or (heatmap on, when the
// track has one) the saliency heatmap of the same crop.
export function facePicture(track: TrackView, heatmap: boolean): { name: string | null; alt: string; missing: string } {
  if (heatmap && track.saliency) {
    return { name: track.saliency.artifact, alt: `${track.label} saliency heatmap`, missing: 'heatmap' };
  }
  return { name: track.thumbnail, alt: `${track.label} thumbnail`, missing: 'thumbnail' };
}

// The picture of one face, with a "Heatmap" toggle when the report has a
// saliency heatmap of its crop.
function FacePicture({ artifacts, track, heatmapFirst }: { artifacts: ArtifactSource; track: TrackView; heatmapFirst: boolean }) {
  const [heatmap, setHeatmap] = useState(heatmapFirst);
  const picture = facePicture(track, heatmap);
  const shown = heatmap && track.saliency !== undefined;
  return (
    <>
      <ArtifactImage artifacts={artifacts} name={picture.name} alt={picture.alt} missing={picture.missing} />
      {track.saliency && (
        <button type="button" className="btn-secondary mt-1 px-2 py-0.5 text-xs aria-pressed:border-indigo-500 aria-pressed:bg-indigo-50 dark:aria-pressed:bg-indigo-950 print:hidden" aria-pressed={shown}
                onClick={() => setHeatmap((on) => !on)} data-testid="heatmap-toggle"
                title={`Input-gradient saliency of ${track.saliency.detectors.join(', ')}`}>
          Heatmap<span className="sr-only">: {track.label}</span>
        </button>
      )}
      {shown && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="heatmap-caption">{HEATMAP_CAPTION}</p>
      )}
    </>
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

// One card per face track: thumbnail (or, toggled, its saliency heatmap),
// score, how many frames it spans and, when the temporal section scored it,
// its landmark-motion score. The crops come from `artifacts`: the job's own,
// or a share link's. With a video player on the page, `onShowInVideo` takes
// a face to its frame there. `heatmaps` shows each face's saliency heatmap
// (where it has one) first.
export function FaceGallery({ artifacts, tracks, onShowInVideo, heatmaps = false }: {
  artifacts: ArtifactSource; tracks: TrackView[]; onShowInVideo?: (trackKey: string) => void; heatmaps?: boolean;
}) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 print:grid-cols-6 print:gap-2" data-testid="face-gallery">
      {tracks.map((track) => (
        <li key={track.key} className="rounded-lg border border-slate-200 dark:border-slate-700 p-2" data-testid="face-track">
          <FacePicture artifacts={artifacts} track={track} heatmapFirst={heatmaps} />
          <p className="mt-2 text-sm font-medium">{track.label}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Score {formatScore(track.score)} · {verdictLabel(track.verdict)}
          </p>
          {track.temporal && <TemporalLine temporal={track.temporal} />}
          <p className="text-xs text-slate-500 dark:text-slate-400">{track.frameCount} {track.frameCount === 1 ? 'frame' : 'frames'}</p>
          {onShowInVideo && (
            <button type="button" className="link mt-1 text-xs print:hidden" onClick={() => onShowInVideo(track.key)}
                    data-testid="show-in-video">
              Show in video<span className="sr-only">: {track.label}</span>
            </button>
          )}
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
