// The API key lives in sessionStorage: it survives reloads of the tab but not
// closing it, and is never written to localStorage or cookies.
const KEY_NAME = 'deeptrace.apiKey';

export function loadApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_NAME);
  } catch {
    return null;
  }
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(KEY_NAME, key);
}

export function clearApiKey(): void {
  sessionStorage.removeItem(KEY_NAME);
}

export function authHeader(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}
