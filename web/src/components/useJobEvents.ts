import { useEffect, useState } from 'react';
import { watchJob } from '../lib/sse';
import type { Job } from '../lib/types';
import { useAuth } from './AuthContext';

// The job as the SSE stream reports it: the current state first, then each
// change, until a terminal state. No polling.
export function useJobEvents(id: string) {
  const { handleAuthError } = useAuth();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    setJob(null);
    setError(null);
    watchJob(id, (event) => setJob(event.job), { signal: controller.signal })
      .catch((e) => { if (!controller.signal.aborted && !handleAuthError(e)) setError(e); });
    return () => controller.abort();
  }, [id, handleAuthError]);

  // Until the effect above has run for a new id (another job's page opened
  // from this one, as Re-run does), the old job is not shown under it.
  return { job: job && job.job_id === id ? job : null, error, setJob };
}

// Re-renders every second while `running`, for elapsed-time displays.
export function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
