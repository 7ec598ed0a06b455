import type { MediaKind } from '../lib/thumbnail';

// A neutral picture for a kind of media, where there is no face crop to
// show: a film frame, a photo, a sound wave. Decorative: the row names the
// file; `label` gives it words where nothing else does.
const PATHS: Record<MediaKind, string> = {
  video: 'M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6Zm4-2v16m8-16v16M4 9h4m-4 6h4m8-6h4m-4 6h4',
  image: 'M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6Zm0 10 4.5-4.5a1.5 1.5 0 0 1 2.1 0L16 17m-2-2 1.5-1.5a1.5 1.5 0 0 1 2.1 0L20 16M15 9h.01',
  audio: 'M3 12h2m2-4v8m3-11v14m3-10v6m3-9v12m3-8v4',
};

export function MediaIcon({ kind, className = 'h-6 w-6', label }: { kind: MediaKind; className?: string; label?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round"
         className={className} data-kind={kind} {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}>
      <path d={PATHS[kind]} />
    </svg>
  );
}
