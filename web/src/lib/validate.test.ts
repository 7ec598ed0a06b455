import { describe, expect, it } from 'vitest';
import { extensionOf, framesHint, validateFrames, validateMediaFile } from './validate';

describe('validateMediaFile', () => {
  it('accepts video MIME types and known extensions without a MIME type', () => {
    expect(validateMediaFile({ name: 'a.mp4', size: 10, type: 'video/mp4' })).toBeNull();
    expect(validateMediaFile({ name: 'clip.MKV', size: 10, type: '' })).toBeNull();
    expect(validateMediaFile({ name: 'x.mov', size: 10, type: 'application/octet-stream' })).toBeNull();
  });

  it('accepts audio files, whose jobs have audio evidence only', () => {
    expect(validateMediaFile({ name: 'voice.m4a', size: 10, type: 'audio/mp4' })).toBeNull();
    expect(validateMediaFile({ name: 'talk.mp3', size: 10, type: 'audio/mpeg' })).toBeNull();
    for (const name of ['a.wav', 'b.ogg', 'c.opus', 'd.M4A']) expect(validateMediaFile({ name, size: 10, type: '' })).toBeNull();
    expect(validateMediaFile({ name: 'e.flac.txt', size: 10, type: '' })).toMatch(/or an audio file \(M4A, MP3, WAV, Ogg or Opus\)/);
  });

  it('accepts the images the server reads: JPEG, PNG, WebP, HEIC and AVIF', () => {
    expect(validateMediaFile({ name: 'phone.heic', size: 10, type: 'image/heic' })).toBeNull();
    expect(validateMediaFile({ name: 'photo.avif', size: 10, type: 'image/avif' })).toBeNull();
    for (const name of ['IMG_0001.HEIC', 'x.heif', 'y.avif']) expect(validateMediaFile({ name, size: 10, type: '' })).toBeNull();
    expect(validateMediaFile({ name: 'face.jpg', size: 10, type: 'image/jpeg' })).toBeNull();
    expect(validateMediaFile({ name: 'face.png', size: 10, type: 'image/png' })).toBeNull();
    expect(validateMediaFile({ name: 'face.webp', size: 10, type: 'image/webp' })).toBeNull();
    for (const name of ['a.JPG', 'b.jpeg', 'c.png', 'd.webp']) expect(validateMediaFile({ name, size: 10, type: '' })).toBeNull();
  });

  it('rejects other images, text and unknown files with a message naming the file and what is accepted', () => {
    expect(validateMediaFile({ name: 'anim.gif', size: 10, type: 'image/gif' })).toMatch(/"anim.gif" is a file of type image\/gif/);
    expect(validateMediaFile({ name: 'anim.gif', size: 10, type: 'image/gif' })).toMatch(/an image \(JPEG, PNG, WebP, HEIC or AVIF\)/);
    expect(validateMediaFile({ name: 'notes.txt', size: 10, type: 'text/plain' })).toMatch(/Choose a video/);
    expect(validateMediaFile({ name: 'blob', size: 10, type: '' })).toMatch(/not a recognised file type/);
  });

  it('rejects empty and oversized files', () => {
    const GB = 1024 ** 3;
    expect(validateMediaFile({ name: 'e.mp4', size: 0, type: 'video/mp4' })).toMatch(/is empty/);
    expect(validateMediaFile({ name: 'big.mp4', size: GB + 1, type: 'video/mp4' }, GB)).toMatch(/the limit is 1.00 GB/);
    expect(validateMediaFile({ name: 'ok.mp4', size: 200, type: 'video/mp4' }, 100)).toMatch(/the limit is 100 B/);
  });

  it('leaves the size to the server until the server has said its limit', () => {
    expect(validateMediaFile({ name: 'huge.mp4', size: 2 ** 40, type: 'video/mp4' })).toBeNull();
  });

  it('finds extensions', () => {
    expect(extensionOf('a.b.WEBM')).toBe('webm');
    expect(extensionOf('.hidden')).toBe('');
    expect(extensionOf('none')).toBe('');
  });
});

describe('validateFrames', () => {
  it('allows blank or 1..the limit the server reported', () => {
    expect(validateFrames('', 256)).toBeNull();
    expect(validateFrames('32', 256)).toBeNull();
    expect(validateFrames('256', 256)).toBeNull();
    expect(validateFrames('0', 256)).toMatch(/from 1 to 256/);
    expect(validateFrames('257', 256)).toMatch(/from 1 to 256/);
    expect(validateFrames('2.5', 256)).not.toBeNull();
    expect(validateFrames('abc', 256)).not.toBeNull();
  });

  it('follows whatever limit the server reports', () => {
    expect(validateFrames('100', 64)).toMatch(/from 1 to 64/);
    expect(validateFrames('64', 64)).toBeNull();
    expect(validateFrames('500', 1000)).toBeNull();
  });

  it('checks only the lower bound before the limit is known', () => {
    expect(validateFrames('100000')).toBeNull();
    expect(validateFrames('0')).toMatch(/of at least 1/);
    expect(validateFrames('x')).not.toBeNull();
  });
});

describe('framesHint', () => {
  it('names the reported range, or none before it is known', () => {
    expect(framesHint({ max_frames: 128, default_frames: 16, max_upload_bytes: 10 })).toBe('Evenly spaced frames, from 1 to 128.');
    expect(framesHint()).toBe('Evenly spaced frames, of at least 1.');
  });
});
