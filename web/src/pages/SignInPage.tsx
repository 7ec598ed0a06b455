import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../lib/api';
import { useAuth } from '../components/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { CheckingSession } from '../components/RequireAuth';

export function SignInPage() {
  const { status, signIn, notice } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Signed in already (in another tab, or before a reload): straight back.
  if (status === 'signedIn') return <Navigate to={from} replace />;
  if (status === 'checking') return <CheckingSession />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The key goes to the server once, for a session cookie, and is not kept.
      await signIn(key.trim());
      setKey('');
      navigate(from, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const rejected = error instanceof ApiError && error.status === 401;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <h1 className="mb-1 text-2xl font-bold">DeepTrace</h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Check videos for signs of face manipulation.</p>
      <form onSubmit={submit} className="card space-y-4" aria-label="Sign in">
        {notice && <p role="status" className="rounded bg-amber-50 dark:bg-amber-950/40 p-3 text-sm text-amber-900 dark:text-amber-200">{notice}</p>}
        <div>
          <label htmlFor="api-key" className="mb-1 block text-sm font-medium">API key</label>
          <input id="api-key" name="api-key" type="password" autoComplete="off" spellCheck={false} required
                 className="field font-mono" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            An administrator creates keys with <code>deeptrace-admin keys add NAME</code>. The key is sent once to
            start a session and is not kept: this browser then stays signed in, in every tab, until you sign out or
            the session expires.
          </p>
        </div>
        {rejected ? (
          <div role="alert" className="rounded-md border border-red-300 dark:border-red-800 bg-red-50 dark:bg-red-950/40 p-3 text-sm text-red-900 dark:text-red-200" data-testid="signin-error">
            <p className="font-semibold">That API key was not accepted (401 UNAUTHORIZED).</p>
            <p>Check that you pasted the whole key, or ask an administrator for a new one.</p>
          </div>
        ) : error ? <ErrorNotice error={error} title="Could not sign in" /> : null}
        <button type="submit" className="btn-primary w-full" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
