import { useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../lib/format';
import { ACCEPTED_SUMMARY, ACCEPTED_TYPES } from '../lib/validate';

// Drag and drop target that is also a keyboard-usable file picker. Every
// dropped or picked file is passed on: one is uploaded alone, several as a
// batch (the page decides).
export function DropZone({ onFiles, disabled, maxBytes }: {
  onFiles: (files: File[]) => void; disabled?: boolean; maxBytes?: number;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0 && !disabled) onFiles(files);
  }

  return (
    <div onDragOver={(e) => { e.preventDefault(); if (!disabled) setOver(true); }}
         onDragLeave={() => setOver(false)} onDrop={drop} data-testid="drop-zone"
         className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed p-8 text-center transition-colors ${
           over ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950/40' : 'border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900'}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-10 w-10 text-slate-400 dark:text-slate-500" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <p className="text-sm text-slate-600 dark:text-slate-400">Drag videos, images or voice recordings here (one or several), or</p>
      <button type="button" className="btn-secondary" onClick={() => input.current?.click()} disabled={disabled}>
        Choose files…
      </button>
      <input ref={input} type="file" multiple accept={ACCEPTED_TYPES} className="sr-only" tabIndex={-1}
             aria-label="Videos, images or voice recordings" data-testid="file-input"
             onChange={(e) => { const files = [...(e.target.files ?? [])]; if (files.length > 0) onFiles(files); e.target.value = ''; }} />
      <p className="text-xs text-slate-500 dark:text-slate-400">{ACCEPTED_SUMMARY}{maxBytes ? `, up to ${formatBytes(maxBytes)} each` : ''}</p>
    </div>
  );
}
