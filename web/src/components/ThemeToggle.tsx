import { useSyncExternalStore } from 'react';
import { getPreference, setPreference, subscribePreference, THEME_PREFERENCES, type ThemePreference } from '../lib/theme';

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

// Three buttons, one pressed: each says what it does, and all three are
// reachable with Tab (a cycling button would hide the other two choices).
export function ThemeToggle() {
  const preference = useSyncExternalStore(subscribePreference, getPreference, () => 'system' as const);
  return (
    <div role="group" aria-label="Colour theme" data-testid="theme-toggle"
         className="flex rounded-md border border-indigo-300 p-0.5 dark:border-indigo-700">
      {THEME_PREFERENCES.map((p) => (
        <button key={p} type="button" aria-pressed={preference === p} onClick={() => setPreference(p)}
                className={`rounded px-2 py-1 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-white ${
                  preference === p ? 'bg-white text-indigo-800' : 'text-indigo-100 hover:bg-indigo-600 dark:hover:bg-indigo-800'}`}>
          {LABELS[p]}
        </button>
      ))}
    </div>
  );
}
