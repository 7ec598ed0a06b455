// Jobs cancelled from this browser tab, so that the job page can say "you
// cancelled" rather than guess: the API records that a job was cancelled,
// not who asked (every key of an account may).
const STORAGE_KEY = 'deeptrace.cancelledHere';

function read(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCancelledHere(jobId: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...read().filter((id) => id !== jobId), jobId].slice(-100)));
  } catch {
    // Storage full or disabled: the page falls back to the neutral wording.
  }
}

export function cancelledHere(jobId: string): boolean {
  return typeof sessionStorage !== 'undefined' && read().includes(jobId);
}
