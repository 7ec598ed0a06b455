import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api } from '../lib/api';
import { useAuth } from './AuthContext';

// Sends signed-out visitors to /signin (remembering where they were going)
// and loads the user for a key restored from session storage.
export function RequireAuth({ children }: { children: ReactNode }) {
  const { apiKey, user, setUser, handleAuthError } = useAuth();
  const location = useLocation();
  useEffect(() => {
    if (!apiKey || user) return;
    api.me(apiKey).then(setUser).catch(handleAuthError);
  }, [apiKey, user, setUser, handleAuthError]);
  if (!apiKey) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
