import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Outlet, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './components/AuthContext';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';
import { HistoryPage } from './pages/HistoryPage';
import { JobPage } from './pages/JobPage';
import { SettingsPage } from './pages/SettingsPage';
import { SharedReportPage } from './pages/SharedReportPage';
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
      <Routes>
        {/* A share link's page: no sign-in, and no question about this
            browser's session (the link's token is its only credential). */}
        <Route path="/shared/:token" element={<AuthProvider askServer={false}><SharedReportPage /></AuthProvider>} />
        <Route element={<AuthProvider><Outlet /></AuthProvider>}>
          <Route path="/signin" element={<SignInPage />} />
          <Route element={<RequireAuth><Layout /></RequireAuth>}>
            <Route index element={<UploadPage />} />
            <Route path="jobs/:id" element={<JobPage />} />
            <Route path="history" element={<HistoryPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
