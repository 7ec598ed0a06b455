import { afterEach, describe, expect, it, vi } from 'vitest';
import { revokeWhenRead } from './revokeWhenRead';

// Just enough of an <img> for the function.
function image(src: string, complete: boolean) {
  const listeners: Record<string, (() => void)[]> = {};
  return {
    src, complete,
    addEventListener: (type: string, fn: () => void) => { (listeners[type] ??= []).push(fn); },
    fire: (type: string) => listeners[type]?.forEach((fn) => fn()),
  };
}

describe('revokeWhenRead', () => {
  afterEach(() => vi.restoreAllMocks());

  it('revokes at once when no image reads the URL, or the image has read it', () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    revokeWhenRead('blob:a', null);
    revokeWhenRead('blob:b', image('blob:b', true) as unknown as HTMLImageElement);
    revokeWhenRead('blob:c', image('blob:other', false) as unknown as HTMLImageElement);
    expect(revoke.mock.calls).toEqual([['blob:a'], ['blob:b'], ['blob:c']]);
  });

  it('waits for an image still reading it (left mid-load), then revokes', () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const loading = image('blob:d', false);
    revokeWhenRead('blob:d', loading as unknown as HTMLImageElement);
    expect(revoke).not.toHaveBeenCalled();
    loading.fire('load');
    expect(revoke).toHaveBeenCalledWith('blob:d');
    const failing = image('blob:e', false);
    revokeWhenRead('blob:e', failing as unknown as HTMLImageElement);
    failing.fire('error');
    expect(revoke).toHaveBeenCalledWith('blob:e');
  });
});
