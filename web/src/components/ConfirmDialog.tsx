import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

// Asks before something is removed, revoked or replaced, in a modal <dialog>:
// it takes focus (on the safe choice, say "Keep it"), Escape closes it, and
// the page behind it is inert until it closes. DeleteJob, ApiKeys,
// AdminUsers, ShareLinks and Webhooks all ask with it.
export function ConfirmDialog({
  title, testId, description, descriptionAs = 'p', breakTitle = true,
  keepLabel, confirmLabel, busyLabel, confirmClassName = 'btn-danger-solid', onConfirm, onClose,
}: {
  title: ReactNode;
  testId: string;
  // What happens, and any warning; it describes the dialog (aria-describedby).
  // A 'div' holds several paragraphs, spaced apart; a 'p' is the text itself.
  description: ReactNode;
  descriptionAs?: 'p' | 'div';
  // Long names and URLs in the title break anywhere rather than overflow.
  breakTitle?: boolean;
  keepLabel: string;
  confirmLabel: string;
  busyLabel: string;
  confirmClassName?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const textId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    // showModal() focuses the first control, which may be an option in the
    // description (a checkbox); the safe choice takes it instead.
    keep.current?.focus();
    return () => d?.close();
  }, []);
  // Closing fires 'close' later, as a task; by then a remount (React's
  // StrictMode runs effects twice) may have opened the dialog again.
  const closed = () => { if (!dialog.current?.open) onClose(); };
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  }
  const Description = descriptionAs;
  return (
    <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={textId} onClose={closed} data-testid={testId}
            className="w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl
                       dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
      <div className="space-y-3 p-5">
        <h2 id={titleId} className={`${breakTitle ? 'break-all ' : ''}text-lg font-semibold`}>{title}</h2>
        <Description id={textId} className={`${descriptionAs === 'div' ? 'space-y-2 ' : ''}text-sm text-slate-700 dark:text-slate-300`}>
          {description}
        </Description>
        {/* The safe choice comes first, and has the focus. */}
        <div className="flex flex-wrap justify-end gap-2 pt-2">
          <button ref={keep} type="button" className="btn-secondary" onClick={() => dialog.current?.close()} disabled={busy}>{keepLabel}</button>
          <button type="button" className={confirmClassName} onClick={confirm} disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
