import { NavLink, Outlet } from 'react-router-dom';
import { useAuth } from './AuthContext';
import { ThemeToggle } from './ThemeToggle';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-white ${
    isActive ? 'bg-indigo-800 text-white' : 'text-indigo-100 hover:bg-indigo-600 dark:hover:bg-indigo-800'}`;

export function Layout() {
  const { user, signOut } = useAuth();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
        Skip to content
      </a>
      <header className="bg-indigo-700 text-white dark:border-b dark:border-indigo-900 dark:bg-indigo-950 print:hidden">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <span className="text-lg font-bold tracking-tight">DeepTrace</span>
          <nav aria-label="Main" className="flex gap-1">
            <NavLink to="/" end className={navClass}>Upload</NavLink>
            <NavLink to="/history" className={navClass}>History</NavLink>
            <NavLink to="/settings" className={navClass}>Settings</NavLink>
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            {user && <span className="text-indigo-100" data-testid="user-name">{user.name}</span>}
            <ThemeToggle />
            <button type="button" onClick={() => { void signOut(); }}
              className="rounded border border-indigo-300 px-3 py-1.5 hover:bg-indigo-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-white dark:border-indigo-700 dark:hover:bg-indigo-800">
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
