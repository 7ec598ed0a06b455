import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyTheme, getPreference, parsePreference, resolveTheme, setPreference, THEME_KEY, THEME_PREFERENCES,
  type ThemePreference,
} from './theme';

// A page's worth of browser for the theme code: storage, the system's
// colour scheme and <html>'s classes.
function fakeBrowser({ stored = null as string | null, systemDark = false, storageThrows = false } = {}) {
  const store = new Map<string, string>(stored === null ? [] : [[THEME_KEY, stored]]);
  const classes = new Set<string>();
  const refuse = () => { if (storageThrows) throw new Error('SecurityError'); };
  return {
    store,
    classes,
    localStorage: {
      getItem: (k: string) => { refuse(); return store.get(k) ?? null; },
      setItem: (k: string, v: string) => { refuse(); store.set(k, v); },
      removeItem: (k: string) => { refuse(); store.delete(k); },
    },
    matchMedia: (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' && systemDark }),
    document: {
      documentElement: {
        classList: {
          add: (c: string) => classes.add(c),
          toggle: (c: string, on: boolean) => { if (on) classes.add(c); else classes.delete(c); return on; },
          contains: (c: string) => classes.has(c),
        },
      },
    },
  };
}

describe('the theme preference', () => {
  it('is system unless light or dark was chosen', () => {
    expect(parsePreference(null)).toBe('system');
    expect(parsePreference('light')).toBe('light');
    expect(parsePreference('dark')).toBe('dark');
    expect(parsePreference('DARK')).toBe('system');
    expect(parsePreference('sepia')).toBe('system');
  });

  it('follows the system only when it is "system"', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('sets and clears the dark class on <html>', () => {
    const b = fakeBrowser();
    applyTheme('dark', b.document.documentElement as never);
    expect(b.classes.has('dark')).toBe(true);
    applyTheme('light', b.document.documentElement as never);
    expect(b.classes.has('dark')).toBe(false);
  });
});

describe('choosing a theme', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('applies it at once and remembers it; "system" forgets the choice', () => {
    const b = fakeBrowser({ systemDark: true });
    vi.stubGlobal('localStorage', b.localStorage);
    vi.stubGlobal('matchMedia', b.matchMedia);
    vi.stubGlobal('document', b.document);
    setPreference('light');
    expect([getPreference(), b.classes.has('dark'), b.store.get(THEME_KEY)]).toEqual(['light', false, 'light']);
    setPreference('dark');
    expect([getPreference(), b.classes.has('dark'), b.store.get(THEME_KEY)]).toEqual(['dark', true, 'dark']);
    setPreference('system');
    expect([getPreference(), b.classes.has('dark'), b.store.has(THEME_KEY)]).toEqual(['system', true, false]);
  });

  it('still applies it where storage is refused', () => {
    const b = fakeBrowser({ storageThrows: true });
    vi.stubGlobal('localStorage', b.localStorage);
    vi.stubGlobal('matchMedia', b.matchMedia);
    vi.stubGlobal('document', b.document);
    setPreference('dark');
    expect([getPreference(), b.classes.has('dark')]).toEqual(['dark', true]);
  });
});

// public/theme.js runs before the first paint, outside the bundle; it must
// reach the same theme as the app will once it starts, or the page would
// switch under the visitor's eyes.
describe('public/theme.js', () => {
  const script = readFileSync(fileURLToPath(new URL('../../public/theme.js', import.meta.url)), 'utf8');
  const cases = [null, 'sepia', ...THEME_PREFERENCES].flatMap((stored) => [true, false].map((systemDark) => ({ stored, systemDark })));

  it.each(cases)('agrees with resolveTheme for stored $stored, system dark $systemDark', ({ stored, systemDark }) => {
    const b = fakeBrowser({ stored, systemDark });
    runInNewContext(script, b);
    const expected = resolveTheme(parsePreference(stored as ThemePreference | null), systemDark);
    expect(b.classes.has('dark')).toBe(expected === 'dark');
  });

  it('follows the system where storage is refused', () => {
    const b = fakeBrowser({ systemDark: true, storageThrows: true });
    runInNewContext(script, b);
    expect(b.classes.has('dark')).toBe(true);
  });

  it('is loaded by index.html as a blocking script in <head> (the CSP refuses inline ones)', () => {
    const html = readFileSync(fileURLToPath(new URL('../../index.html', import.meta.url)), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(/<script src="\/theme\.js"><\/script>/);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
  });
});
