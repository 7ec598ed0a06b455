// History's small picture per job: the face crop of a completed job's first
// face track that has one (report.evidence.visual.tracks[].thumbnail, an
// artifact fetched with the session cookie), otherwise an icon for its kind of media.
import { createLimiter } from './limit';
import type { Job } from './types';
import { extensionOf } from './validate';

export type MediaKind = 'video' | 'image' | 'audio';

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'avif']);
const AUDIO_EXTENSIONS = new Set(['m4a', 'mp3', 'wav', 'ogg', 'oga', 'opus']);

// The report's own word when there is one, else the upload's type, else
// its name; a video when nothing says otherwise.
export function mediaKindOf(job: Pick<Job, 'media' | 'result'>): MediaKind {
  const reported = job.result?.media?.kind;
  if (reported === 'video' || reported === 'image' || reported === 'audio') return reported;
  const type = (job.media?.content_type ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  const ext = extensionOf(job.media?.filename ?? '');
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (AUDIO_EXTENSIONS.has(ext)) return 'audio';
  return 'video';
}

// The artifact name of the job's thumbnail, or null: only a completed job
// has a report, and only a report with a face track keeps a crop.
export function thumbnailArtifact(job: Pick<Job, 'status' | 'result'>): string | null {
  if (job.status !== 'COMPLETED') return null;
  const tracks = job.result?.evidence?.visual?.tracks ?? [];
  for (const track of tracks) if (track.thumbnail?.name) return track.thumbnail.name;
  return null;
}

// History's thumbnail fetches share these few slots, so a page of jobs
// never opens more than a few connections for pictures at once.
export const MAX_THUMBNAIL_FETCHES = 3;
export const thumbnailSlots = createLimiter(MAX_THUMBNAIL_FETCHES);
