// Who is signed in. The browser holds an HttpOnly session cookie, never the
// API key (lib/auth.ts): on start every page, in any tab, asks the server
// whether this browser has a session (GET /api/v1/session); signing in trades
// the key for one (POST), signing out ends it (DELETE). Any later 401 means
// the session is over (signed out elsewhere, its key revoked or expired): the
// user is signed out here with a message instead of failing silently.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api } from '../lib/api';
import { forgetSession } from '../lib/auth';
import type { User } from '../lib/types';

// checking: GET /api/v1/session has not answered yet.
export type AuthStatus = 'checking' | 'signedIn' | 'signedOut';

export const SESSION_ENDED = 'Your session has ended (401 UNAUTHORIZED): you signed out in another tab, or the '
  + 'API key you signed in with was revoked or has expired. Sign in again with a valid key.';

interface AuthState {
  status: AuthStatus;
  // GET /api/v1/me: null until it has answered.
  user: User | null;
  notice: string | null;
  signIn: (key: string) => Promise<void>;
  // Ends this browser's session on the server (every tab), then signs out here.
  signOut: () => Promise<void>;
  // The server has ended the session already: forget it here, saying why.
  signedOut: (notice: string) => void;
  setUser: (user: User) => void;
  // Asks the server again whether this browser's session is alive (another
  // tab may have signed out, or signed in anew): signs out here when not.
  recheck: () => void;
  // Returns true when the error was a 401 and the user has been signed out.
  handleAuthError: (error: unknown) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

// `askServer` false: a page opened without signing in (a share link's copy),
// which asks nothing about this browser's session and is signed out to any
// component that wonders.
export function AuthProvider({ children, askServer = true }: { children: ReactNode; askServer?: boolean }) {
  const [status, setStatus] = useState<AuthStatus>(askServer ? 'checking' : 'signedOut');
  const [user, setUser] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!askServer) return;
    let live = true;
    api.session()
      .then((session) => { if (live) setStatus(session ? 'signedIn' : 'signedOut'); })
      .catch((e: unknown) => {
        if (!live) return;
        setStatus('signedOut');
        const why = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
        setNotice(`Could not check whether this browser is signed in (${why}).`);
      });
    return () => { live = false; };
  }, [askServer]);

  const signedOut = useCallback((message: string | null) => {
    forgetSession();
    setStatus('signedOut');
    setUser(null);
    setNotice(message);
  }, []);

  const signOut = useCallback(async () => {
    // An answer other than 204 (the session had ended already, the server is
    // unreachable) still signs out here.
    await api.endSession().catch(() => {});
    signedOut(null);
  }, [signedOut]);

  const signIn = useCallback(async (key: string) => {
    await api.startSession(key);
    const me = await api.me();
    setUser(me);
    setStatus('signedIn');
    setNotice(null);
  }, []);

  const recheck = useCallback(() => {
    api.session()
      .then((session) => {
        if (!session) signedOut(SESSION_ENDED);
        // Signed in again elsewhere as someone else: load that user.
        else setUser((known) => (known && known.name === session.user.name ? known : null));
      })
      .catch(() => {}); // unreachable now: the next request will say so
  }, [signedOut]);

  const handleAuthError = useCallback((error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 401) return false;
    signedOut(SESSION_ENDED);
    return true;
  }, [signedOut]);

  const value = useMemo(() => ({ status, user, notice, signIn, signOut, signedOut, setUser, recheck, handleAuthError }),
                        [status, user, notice, signIn, signOut, signedOut, recheck, handleAuthError]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
