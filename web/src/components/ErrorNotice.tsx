import { ApiError } from '../lib/api';
import { explainError } from '../lib/errors';

// Shows an error's stable code, what it means for the user, and the
// server's own message when that adds detail.
export function ErrorNotice({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const code = error instanceof ApiError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const explanation = explainError(code, message);
  return (
    <div role="alert" className="rounded-md border border-red-300 dark:border-red-800 bg-red-50 dark:bg-red-950/40 p-4 text-sm text-red-900 dark:text-red-200" data-testid="error-notice">
      <p className="font-semibold">
        {title}
        {code && <code className="ml-2 rounded bg-red-100 dark:bg-red-900/60 px-1.5 py-0.5 text-xs" data-testid="error-code">{code}</code>}
      </p>
      <p className="mt-1">{explanation}</p>
      {message && message !== explanation && <p className="mt-1 text-red-700 dark:text-red-300">Server said: {message}</p>}
    </div>
  );
}
