import { useEffect, useRef, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api } from '../lib/api';
import { useAuth } from './AuthContext';

// Sends signed-out visitors to /signin (remembering where they were going)
// once the server has said whether this browser has a session, and loads the
// user (GET /api/v1/me: limits, features) for a session found on start.
// Each later move to another page checks the session again, so a tab whose
// session ended elsewhere (sign-out in another tab) asks to sign in even on
// a page that requests nothing.
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user, setUser, recheck, handleAuthError } = useAuth();
  const location = useLocation();
  useEffect(() => {
    if (status !== 'signedIn' || user) return;
    api.me().then(setUser).catch(handleAuthError);
  }, [status, user, setUser, handleAuthError]);
  const checkedPath = useRef<string | null>(null);
  useEffect(() => {
    if (status !== 'signedIn') return;
    const first = checkedPath.current === null;
    checkedPath.current = location.pathname;
    if (!first) recheck();
  }, [status, location.pathname, recheck]);
  if (status === 'checking') return <CheckingSession />;
  if (status === 'signedOut') {
    return <Navigate to="/signin" replace state={{ from: location.pathname + location.search + location.hash }} />;
  }
  return <>{children}</>;
}

export function CheckingSession() {
  return (
    <p role="status" className="mx-auto max-w-md px-4 py-10 text-sm text-slate-600 dark:text-slate-400"
       data-testid="checking-session">
      Checking whether this browser is signed in…
    </p>
  );
}
