// Client-side checks before an upload starts. The server checks again (it
// sniffs the bytes); these only save the user a pointless upload.
import { formatBytes } from './format';

export const MAX_UPLOAD_BYTES = 1024 ** 3; // the API's default --max-upload-bytes

const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'qt', 'webm', 'mkv', 'avi', 'ts', 'mts', 'm2ts', 'flv', 'mpg', 'mpeg', 'ogv', '3gp', '3g2',
  'wmv', 'asf',
]);

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

// Returns a message for the user, or null when the file may be uploaded.
export function validateVideoFile(file: FileLike, maxBytes = MAX_UPLOAD_BYTES): string | null {
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > maxBytes) {
    return `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`;
  }
  const type = file.type.toLowerCase();
  const ext = extensionOf(file.name);
  if (type.startsWith('video/')) return null;
  if (type === '' || type === 'application/octet-stream') {
    if (VIDEO_EXTENSIONS.has(ext)) return null;
  }
  const what = type ? `a file of type ${type}` : ext ? `a .${ext} file` : 'not a recognised file type';
  return `"${file.name}" is ${what}. Choose a video (for example MP4, MOV, WebM, MKV or AVI).`;
}

export function validateFrames(value: string): string | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) return 'Frames must be a whole number from 1 to 256.';
  return null;
}
