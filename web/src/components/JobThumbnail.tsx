import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, jobArtifacts } from '../lib/api';
import { mediaKindOf, thumbnailArtifact, thumbnailSlots } from '../lib/thumbnail';
import type { Job } from '../lib/types';
import { MediaIcon } from './MediaIcon';
import { revokeWhenRead } from './revokeWhenRead';

// Starts fetching only once the element is near the screen (at once where
// the browser cannot tell).
function useNearScreen<T extends Element>(): [RefObject<T>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near];
}

// History's small picture of a job: its first face crop, fetched (with the
// session cookie) as a blob, so a missing one falls back to the icon, through
// a few shared slots, released when the row goes; otherwise an icon for the kind
// of media. Decorative: the row's link names the file.
export function JobThumbnail({ job }: { job: Job }) {
  const artifact = thumbnailArtifact(job);
  const kind = mediaKindOf(job);
  const [ref, near] = useNearScreen<HTMLDivElement>();
  const [url, setUrl] = useState<string | null>(null);
  const img = useRef<HTMLImageElement | null>(null); // kept after unmount, for revokeWhenRead
  useEffect(() => {
    setUrl(null);
    if (!artifact || !near) return;
    let live = true;
    let objectUrl: string | null = null;
    thumbnailSlots(async () => {
      if (!live || !(await api.hasArtifacts())) return;
      const made = await api.artifactUrl(jobArtifacts(job.job_id), artifact);
      if (live) {
        objectUrl = made;
        setUrl(made);
      } else {
        URL.revokeObjectURL(made);
      }
    }).catch(() => { /* the icon stays */ });
    return () => {
      live = false;
      if (objectUrl) revokeWhenRead(objectUrl, img.current);
    };
  }, [job.job_id, artifact, near]);
  return (
    <div ref={ref} data-testid="history-thumbnail" data-kind={kind} data-has-face={artifact ? 'true' : 'false'}
         className="flex h-12 w-12 shrink-0 items-center justify-center overflow-hidden rounded-md bg-slate-100 text-slate-500
                    ring-1 ring-inset ring-slate-200 dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700">
      {url ? <img ref={(el) => { if (el) img.current = el; }} src={url} alt="" className="h-full w-full object-cover" decoding="async" />
        : <MediaIcon kind={kind} className="h-6 w-6" />}
    </div>
  );
}
