// Client-side checks before an upload starts. The server checks again (it
// sniffs the bytes); these only save the user a pointless upload. The limits
// come from the server (GET /api/v1/me, `limits`), never from a copy here:
// until they have arrived, only what needs no limit is checked.
import { formatBytes } from './format';
import type { UploadLimits } from './types';

const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'qt', 'webm', 'mkv', 'avi', 'ts', 'mts', 'm2ts', 'flv', 'mpg', 'mpeg', 'ogv', '3gp', '3g2',
  'wmv', 'asf',
]);
// Audio-only uploads are analysed for voice spoofing alone (evidence.audio).
const AUDIO_EXTENSIONS = new Set(['m4a', 'mp3', 'wav', 'ogg', 'oga', 'opus']);
// Still images get the face evidence alone; the server reads these
// (src/media/sniff.cpp; HEIC and AVIF through libheif), not GIF.
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif']);
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'avif']);

export const ACCEPTED_TYPES =
  'video/*,audio/*,image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,.heic,.heif,.avif';
export const ACCEPTED_SUMMARY =
  'Videos (MP4, MOV, WebM, MKV, AVI…), images (JPEG, PNG, WebP, HEIC, AVIF) or audio (M4A, MP3, WAV, Ogg/Opus)';

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

// Returns a message for the user, or null when the file may be uploaded: a
// video, an image (JPEG, PNG, WebP, HEIC or AVIF), or an audio file (whose job has audio
// evidence only).
export function validateMediaFile(file: FileLike, maxBytes?: number): string | null {
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (maxBytes !== undefined && file.size > maxBytes) {
    return `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`;
  }
  const type = file.type.toLowerCase();
  const ext = extensionOf(file.name);
  if (type.startsWith('video/') || type.startsWith('audio/') || IMAGE_TYPES.has(type)) return null;
  if (type === '' || type === 'application/octet-stream') {
    if (VIDEO_EXTENSIONS.has(ext) || AUDIO_EXTENSIONS.has(ext) || IMAGE_EXTENSIONS.has(ext)) return null;
  }
  const what = type ? `a file of type ${type}` : ext ? `a .${ext} file` : 'not a recognised file type';
  return `"${file.name}" is ${what}. Choose a video (for example MP4, MOV, WebM, MKV or AVI), an image (JPEG, PNG, ` +
    'WebP, HEIC or AVIF) or an audio file (M4A, MP3, WAV, Ogg or Opus).';
}

// Blank means the server's default. `maxFrames` undefined: not known yet.
export function validateFrames(value: string, maxFrames?: number): string | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  const tooMany = maxFrames !== undefined && n > maxFrames;
  if (!Number.isInteger(n) || n < 1 || tooMany) return `Frames must be a whole number ${framesRange(maxFrames)}.`;
  return null;
}

// The hint under the frames field.
export function framesHint(limits?: UploadLimits): string {
  return `Evenly spaced frames, ${framesRange(limits?.max_frames)}.`;
}

function framesRange(maxFrames?: number): string {
  return maxFrames === undefined ? 'of at least 1' : `from 1 to ${maxFrames}`;
}
