// A secret shown once (a new API key, a webhook's signing secret): read-only,
// focused and selected for copying on arrival, with a Copy button whose
// outcome is announced. The keyboard's copy is the fallback without a clipboard.
import { useEffect, useId, useRef, useState } from 'react';

export function SecretField({ label, value, describedBy, noun, testId }: {
  label: string; value: string; describedBy: string; noun: string; testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const inputId = useId();
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, or permission refused): the secret
      // is selected so that the keyboard's copy works.
      input.current?.select();
      setCopied('no');
    }
  }
  return (
    <div>
      <label htmlFor={inputId} className="mb-1 block font-medium">{label}</label>
      <div className="flex flex-wrap gap-2">
        <input id={inputId} ref={input} readOnly value={value} aria-describedby={describedBy} spellCheck={false}
               className="field min-w-0 flex-1 basis-64 font-mono" data-testid={testId} />
        <button type="button" className="btn-secondary" onClick={() => void copy()}>Copy</button>
      </div>
      <p role="status" className="mt-1 min-h-[1rem] text-xs" data-testid="copy-status">
        {copied === 'yes' ? 'Copied to the clipboard.'
          : copied === 'no' ? `Could not copy: the ${noun} is selected, copy it with Ctrl+C (⌘C on a Mac).` : ''}
      </p>
    </div>
  );
}
