// Light or dark: the visitor's choice (system, light or dark), kept in
// localStorage, and what it comes to on this screen. public/theme.js applies
// the same rule before the first paint; theme.test.ts holds the two to one rule.

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'deeptrace.theme';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

// Anything but an explicit choice (nothing stored, an old or edited value)
// follows the system.
export function parsePreference(stored: string | null | undefined): ThemePreference {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function resolveTheme(preference: ThemePreference, systemDark: boolean): Theme {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}

// localStorage can be missing or refuse (private windows, blocked storage):
// the choice then lasts as long as the page.
export function loadPreference(): ThemePreference {
  try {
    return parsePreference(localStorage.getItem(THEME_KEY));
  } catch {
    return 'system';
  }
}

export function savePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, preference);
  } catch {
    // not remembered; still applied
  }
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

// The `dark` class on <html> is what Tailwind's dark: variants key on.
export function applyTheme(theme: Theme, root: { classList: DOMTokenList } = document.documentElement): void {
  root.classList.toggle('dark', theme === 'dark');
}

// The preference as a tiny store: the header's toggle reads and sets it,
// and while it is "system" the page follows the system's changes live.
// Another tab's choice arrives through the storage event.
let current: ThemePreference | null = null;
const listeners = new Set<() => void>();

export function getPreference(): ThemePreference {
  current ??= loadPreference();
  return current;
}

function show(): void {
  applyTheme(resolveTheme(getPreference(), systemPrefersDark()));
  for (const listener of listeners) listener();
}

export function setPreference(preference: ThemePreference): void {
  current = preference;
  savePreference(preference);
  show();
}

export function subscribePreference(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Called once at start-up (main.tsx); public/theme.js already set the class.
export function followTheme(): void {
  show();
  if (typeof matchMedia === 'function') {
    matchMedia(DARK_QUERY).addEventListener('change', () => { if (getPreference() === 'system') show(); });
  }
  addEventListener('storage', (e) => {
    if (e.key !== THEME_KEY && e.key !== null) return;
    current = parsePreference(e.newValue);
    show();
  });
}
