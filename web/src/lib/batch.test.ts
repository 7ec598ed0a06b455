import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  batchChoiceText, batchError, batchItems, batchSettled, batchSummary, batchToWatch, errorFromBatch, uploadable, uploadStateText,
  UPLOAD_CONCURRENCY, type BatchItem,
} from './batch';
import { MAX_WATCHED } from './history';
import type { Job, JobStatus } from './types';

const clip = (name: string, size = 1000, type = 'video/mp4') => ({ name, size, type });

function job(id: string, status: JobStatus = 'PENDING'): Job {
  return { job_id: id, status, created_at: '2026-12-02T10:00:00Z' };
}

function uploaded(name: string, id: string, status: JobStatus = 'PENDING'): BatchItem {
  return { key: name, name, size: 1, type: 'video/mp4', state: 'uploaded', problem: null, job: job(id, status) };
}

describe('batchItems: each file checked on its own', () => {
  it('refuses a text file by name and keeps the clips beside it', () => {
    const items = batchItems([clip('a.mp4'), clip('notes.txt', 20, 'text/plain'), clip('b.webm', 50, 'video/webm')]);
    expect(items.map((i) => i.state)).toEqual(['ready', 'invalid', 'ready']);
    expect(items[1].problem).toMatch(/^"notes.txt" is a file of type text\/plain/);
    expect(items[0].problem).toBeNull();
    expect(uploadable(items).map((i) => i.name)).toEqual(['a.mp4', 'b.webm']);
  });

  it('accepts images and voice recordings, and applies the size limit from the server to each', () => {
    const items = batchItems([clip('face.jpg', 10, 'image/jpeg'), clip('voice.m4a', 10, ''), clip('big.mp4', 2000), clip('empty.mov', 0)], 1500);
    expect(items.map((i) => i.state)).toEqual(['ready', 'ready', 'invalid', 'invalid']);
    expect(items[2].problem).toMatch(/"big.mp4" is 1.95 KB; the limit is 1.46 KB/);
    expect(items[3].problem).toBe('"empty.mov" is empty.');
  });

  it('refuses the same file twice, and gives every row its own key', () => {
    const items = batchItems([clip('a.mp4'), clip('a.mp4'), clip('a.mp4', 999)]);
    expect(items.map((i) => i.state)).toEqual(['ready', 'invalid', 'ready']);
    expect(items[1].problem).toBe('"a.mp4" is already in this list.');
    expect(new Set(items.map((i) => i.key)).size).toBe(3);
  });
});

describe('a batch in progress', () => {
  it('uploads two at a time', () => {
    expect(UPLOAD_CONCURRENCY).toBe(2);
  });

  it('is settled once no file is waiting or uploading', () => {
    const base = batchItems([clip('a.mp4'), clip('x.txt', 1, 'text/plain')]);
    expect(batchSettled(base)).toBe(false); // a.mp4 is ready, not started
    for (const state of ['queued', 'uploading'] as const) expect(batchSettled([{ ...base[0], state }, base[1]])).toBe(false);
    for (const state of ['uploaded', 'failed', 'cancelled'] as const) expect(batchSettled([{ ...base[0], state }, base[1]])).toBe(true);
  });

  it('says what was chosen, then how far the uploads are', () => {
    const chosen = batchItems([clip('a.mp4'), clip('x.txt', 1, 'text/plain'), clip('b.mp4', 5)]);
    expect(batchChoiceText(chosen)).toBe('3 files chosen: 1 cannot be uploaded (see below), 2 will be.');
    expect(batchChoiceText(batchItems([clip('a.mp4'), clip('b.mp4', 5)]))).toBe('2 files chosen.');
    const running: BatchItem[] = [{ ...chosen[0], state: 'uploaded' }, chosen[1], { ...chosen[2], state: 'uploading' }];
    expect(batchChoiceText(running)).toBe('Uploading 2 files, 2 at a time: 1 of 2 done; 1 cannot be uploaded.');
  });

  it('says where each row stands before it has a job', () => {
    const [item] = batchItems([clip('a.mp4')]);
    expect(uploadStateText(item)).toBe('Ready to upload');
    expect(uploadStateText({ ...item, state: 'queued' })).toBe('Waiting to upload');
    expect(uploadStateText({ ...item, state: 'failed' })).toBe('Upload failed');
  });

  it('keeps an upload error as plain data (the batch is kept in the history entry) and rebuilds it', () => {
    const kept = batchError(new ApiError(415, 'UNSUPPORTED_MEDIA', 'not a video'));
    expect(kept).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA', message: 'not a video' });
    expect(structuredClone(kept)).toEqual(kept);
    const again = errorFromBatch(kept);
    expect(again).toBeInstanceOf(ApiError);
    expect(again.code).toBe('UNSUPPORTED_MEDIA');
    expect(batchError(new Error('boom'))).toEqual({ status: 0, code: 'INTERNAL', message: 'boom' });
  });
});

describe('the batch view', () => {
  const refused: BatchItem = { ...batchItems([clip('notes.txt', 1, 'text/plain')])[0] };

  it('sums up what the batch came to and how far its analyses are', () => {
    const items = [uploaded('a.mp4', 'j1'), uploaded('b.mp4', 'j2'), refused];
    expect(batchSummary(items)).toBe('2 files uploaded · 1 file refused before upload · 0 of 2 analyses finished');
    expect(batchSummary(items, { j1: job('j1', 'COMPLETED') })).toMatch(/1 of 2 analyses finished$/);
    expect(batchSummary(items, { j1: job('j1', 'COMPLETED'), j2: job('j2', 'FAILED') })).toMatch(/all analyses finished$/);
    const failed: BatchItem = { ...uploaded('c.mp4', 'x'), state: 'failed', job: undefined, error: { status: 415, code: 'UNSUPPORTED_MEDIA', message: '' } };
    expect(batchSummary([failed, { ...failed, key: 'd', state: 'cancelled', error: undefined }]))
      .toBe('0 files uploaded · 1 upload failed · 1 cancelled');
  });

  it('follows at most MAX_WATCHED unfinished jobs live, in order, the next once one ends', () => {
    const items = [refused, ...[1, 2, 3, 4, 5, 6].map((n) => uploaded(`${n}.mp4`, `j${n}`))];
    expect(batchToWatch(items, {})).toEqual(['j1', 'j2', 'j3', 'j4'].slice(0, MAX_WATCHED));
    const live = { j1: job('j1', 'COMPLETED'), j3: job('j3', 'PROCESSING') };
    expect(batchToWatch(items, live)).toEqual(['j2', 'j3', 'j4', 'j5'].slice(0, MAX_WATCHED));
    expect(batchToWatch(items, live, new Set(['j2']))).toEqual(['j3', 'j4', 'j5', 'j6'].slice(0, MAX_WATCHED));
    const allDone = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`j${n}`, job(`j${n}`, 'CANCELLED')]));
    expect(batchToWatch(items, allDone)).toEqual([]);
  });
});
