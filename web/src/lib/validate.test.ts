import { describe, expect, it } from 'vitest';
import { extensionOf, MAX_UPLOAD_BYTES, validateFrames, validateVideoFile } from './validate';

describe('validateVideoFile', () => {
  it('accepts video MIME types and known extensions without a MIME type', () => {
    expect(validateVideoFile({ name: 'a.mp4', size: 10, type: 'video/mp4' })).toBeNull();
    expect(validateVideoFile({ name: 'clip.MKV', size: 10, type: '' })).toBeNull();
    expect(validateVideoFile({ name: 'x.mov', size: 10, type: 'application/octet-stream' })).toBeNull();
  });

  it('rejects images, text and unknown files with a message naming the file', () => {
    expect(validateVideoFile({ name: 'face.png', size: 10, type: 'image/png' })).toMatch(/"face.png" is a file of type image\/png/);
    expect(validateVideoFile({ name: 'notes.txt', size: 10, type: 'text/plain' })).toMatch(/Choose a video/);
    expect(validateVideoFile({ name: 'blob', size: 10, type: '' })).toMatch(/not a recognised file type/);
  });

  it('rejects empty and oversized files', () => {
    expect(validateVideoFile({ name: 'e.mp4', size: 0, type: 'video/mp4' })).toMatch(/is empty/);
    expect(validateVideoFile({ name: 'big.mp4', size: MAX_UPLOAD_BYTES + 1, type: 'video/mp4' })).toMatch(/the limit is 1.00 GB/);
    expect(validateVideoFile({ name: 'ok.mp4', size: 200, type: 'video/mp4' }, 100)).toMatch(/the limit is 100 B/);
  });

  it('finds extensions', () => {
    expect(extensionOf('a.b.WEBM')).toBe('webm');
    expect(extensionOf('.hidden')).toBe('');
    expect(extensionOf('none')).toBe('');
  });
});

describe('validateFrames', () => {
  it('allows blank or 1..256', () => {
    expect(validateFrames('')).toBeNull();
    expect(validateFrames('32')).toBeNull();
    expect(validateFrames('256')).toBeNull();
    expect(validateFrames('0')).not.toBeNull();
    expect(validateFrames('257')).not.toBeNull();
    expect(validateFrames('2.5')).not.toBeNull();
    expect(validateFrames('abc')).not.toBeNull();
  });
});
