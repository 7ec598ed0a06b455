// Who is signed in. The key is checked against /me before it is kept; any
// later 401 signs the user out with a message instead of failing silently.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api } from '../lib/api';
import { clearApiKey, loadApiKey, saveApiKey } from '../lib/auth';
import type { User } from '../lib/types';

interface AuthState {
  apiKey: string | null;
  user: User | null;
  notice: string | null;
  signIn: (key: string) => Promise<void>;
  signOut: (notice?: string) => void;
  setUser: (user: User) => void;
  // Returns true when the error was a 401 and the user has been signed out.
  handleAuthError: (error: unknown) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [apiKey, setApiKey] = useState<string | null>(() => loadApiKey());
  const [user, setUser] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((message?: string) => {
    clearApiKey();
    setApiKey(null);
    setUser(null);
    setNotice(message ?? null);
  }, []);

  const signIn = useCallback(async (key: string) => {
    const me = await api.me(key);
    saveApiKey(key);
    setApiKey(key);
    setUser(me);
    setNotice(null);
  }, []);

  const handleAuthError = useCallback((error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 401) return false;
    signOut('The server no longer accepts your API key (401 UNAUTHORIZED). Sign in again with a valid key.');
    return true;
  }, [signOut]);

  const value = useMemo(() => ({ apiKey, user, notice, signIn, signOut, setUser, handleAuthError }),
                        [apiKey, user, notice, signIn, signOut, handleAuthError]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

// For pages behind sign-in: the key is known to be present there.
export function useApiKey(): string {
  const { apiKey } = useAuth();
  if (!apiKey) throw new Error('no API key');
  return apiKey;
}
