import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './components/AuthContext';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';
import { HistoryPage } from './pages/HistoryPage';
import { JobPage } from './pages/JobPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { UploadPage } from './pages/UploadPage';
import { followTheme } from './lib/theme';
import './index.css';

followTheme();

function NotFound() {
  return (
    <div className="card">
      <h1 className="h2">Page not found</h1>
      <Link to="/" className="link">Go to the upload page</Link>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AuthProvider>
        <Routes>
          <Route path="/signin" element={<SignInPage />} />
          <Route element={<RequireAuth><Layout /></RequireAuth>}>
            <Route index element={<UploadPage />} />
            <Route path="jobs/:id" element={<JobPage />} />
            <Route path="history" element={<HistoryPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
);
