import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../lib/api';
import {
  batchChoiceText, batchError, batchItems, UPLOAD_CONCURRENCY, uploadable, type BatchItem,
} from '../lib/batch';
import { formatBytes } from '../lib/format';
import { runQueue } from '../lib/limit';
import { uploadStats, uploadVideo, type UploadHandle, type UploadStats } from '../lib/upload';
import { framesHint, validateFrames, validateMediaFile } from '../lib/validate';
import { useAuth } from '../components/AuthContext';
import { BatchResults, BatchUploadList } from '../components/BatchUpload';
import { DropZone } from '../components/DropZone';
import { ErrorNotice } from '../components/ErrorNotice';
import { UploadProgress } from '../components/UploadProgress';

// A finished batch lives in the browser's history entry (router state): Back
// from one of its reports, or a reload, shows it again; the Upload link
// (a new entry, no state) starts afresh.
interface UploadPageState {
  batch?: BatchItem[];
}

function useFinishedBatch(): [BatchItem[] | null, (batch: BatchItem[] | null) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const batch = (location.state as UploadPageState | null)?.batch ?? null;
  const keep = useCallback((next: BatchItem[] | null) => {
    navigate('/', { replace: true, state: next ? { batch: next } : null });
  }, [navigate]);
  return [batch, keep];
}

const startStats = (total: number): UploadStats => uploadStats(0, total, 0, 0);

export function UploadPage() {
  // The server's limits arrive with the user (GET /api/v1/me).
  const { handleAuthError, user } = useAuth();
  const limits = user?.limits;
  const navigate = useNavigate();
  const [finished, setFinished] = useFinishedBatch();
  // One file: checked, uploaded, then its job page (as before batches).
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stats, setStats] = useState<UploadStats | null>(null);
  const handle = useRef<UploadHandle | null>(null);
  // Several files: one row each (issue 18).
  const [items, setItems] = useState<BatchItem[] | null>(null);
  const [batchRunning, setBatchRunning] = useState(false);
  const batchFiles = useRef(new Map<string, File>());
  const batchHandles = useRef(new Map<string, UploadHandle>());
  const batchCancelled = useRef(new Set<string>());
  const [frames, setFrames] = useState('');
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => { mounted.current = false; };
  }, []);

  function choose(files: File[]) {
    setError(null);
    if (files.length === 1) {
      const [next] = files;
      const message = validateMediaFile(next, limits?.max_upload_bytes);
      setItems(null);
      setProblem(message);
      setFile(message ? null : next);
      return;
    }
    const list = batchItems(files, limits?.max_upload_bytes);
    batchFiles.current = new Map(list.map((item, i) => [item.key, files[i]]));
    setItems(list);
    setProblem(null);
    setFile(null);
  }

  async function start() {
    if (!file) return;
    setError(null);
    setStats(startStats(file.size));
    handle.current = uploadVideo({ file, frames: frames ? Number(frames) : undefined, onProgress: setStats });
    try {
      const job = await handle.current.promise;
      navigate(`/jobs/${encodeURIComponent(job.job_id)}`);
    } catch (e) {
      if (!handleAuthError(e)) setError(e);
      setStats(null);
    } finally {
      handle.current = null;
    }
  }

  const update = (itemKey: string, change: Partial<BatchItem>) =>
    setItems((list) => list && list.map((item) => (item.key === itemKey ? { ...item, ...change } : item)));

  // Every checked file, UPLOAD_CONCURRENCY at a time; each row records its
  // own outcome, so a refused or cancelled one does not stop the rest.
  async function startBatch() {
    if (!items) return;
    const todo = uploadable(items);
    const outcomes = new Map<string, Partial<BatchItem>>();
    const record = (itemKey: string, change: Partial<BatchItem>) => {
      outcomes.set(itemKey, { ...outcomes.get(itemKey), ...change });
      update(itemKey, change);
    };
    const framesValue = frames ? Number(frames) : undefined;
    let signedOut = false;
    batchCancelled.current = new Set();
    setBatchRunning(true);
    setItems((list) => list && list.map((item): BatchItem => (item.state === 'ready' ? { ...item, state: 'queued' } : item)));
    await runQueue(todo, UPLOAD_CONCURRENCY, async (item) => {
      const chosen = batchFiles.current.get(item.key);
      if (!chosen || signedOut || batchCancelled.current.has(item.key)) {
        record(item.key, { state: 'cancelled', stats: null });
        return;
      }
      record(item.key, { state: 'uploading', stats: startStats(chosen.size) });
      const upload = uploadVideo({ file: chosen, frames: framesValue, onProgress: (s) => update(item.key, { stats: s }) });
      batchHandles.current.set(item.key, upload);
      try {
        record(item.key, { state: 'uploaded', job: await upload.promise, stats: null });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'UPLOAD_ABORTED') {
          record(item.key, { state: 'cancelled', stats: null });
        } else {
          if (handleAuthError(e)) signedOut = true;
          record(item.key, { state: 'failed', error: batchError(e), stats: null });
        }
      } finally {
        batchHandles.current.delete(item.key);
      }
    });
    batchFiles.current.clear();
    // Left meanwhile (History, sign-out): the jobs are in History; the page
    // the visitor went to stays put.
    if (!mounted.current || signedOut) return;
    const batch = items.map((item): BatchItem => ({ ...item, ...outcomes.get(item.key), stats: null }));
    setBatchRunning(false);
    setItems(null);
    setFinished(batch);
  }

  function cancelBatchItem(itemKey: string) {
    batchCancelled.current.add(itemKey);
    const upload = batchHandles.current.get(itemKey);
    if (upload) upload.abort();
    else update(itemKey, { state: 'cancelled', stats: null });
  }

  function cancelBatch() {
    for (const item of items ?? []) if (item.state === 'queued' || item.state === 'uploading') cancelBatchItem(item.key);
  }

  function reset() {
    setItems(null);
    setFile(null);
    setProblem(null);
    setFinished(null);
  }

  const framesProblem = validateFrames(frames, limits?.max_frames);
  const uploading = stats !== null || batchRunning;
  const cancelled = error instanceof ApiError && error.code === 'UPLOAD_ABORTED';
  const toUpload = items ? uploadable(items).length : 0;
  return (
    <section aria-labelledby="upload-title" className="space-y-4">
      <h1 id="upload-title" className="text-2xl font-bold">Check videos, images or voice recordings</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        DeepTrace samples frames, finds faces and scores them with deepfake detectors, follows the faces' landmark
        motion over time and checks the voice for signs of synthesis; an image gets the face check alone, an audio
        file the voice check alone. Drop several files to check them together. The result is an estimate to guide a
        closer look, not proof.
      </p>
      {finished ? <BatchResults items={finished} onReset={reset} onSettled={setFinished} /> : (
        <div className="card space-y-4 print:hidden">
          <DropZone onFiles={choose} disabled={uploading} maxBytes={limits?.max_upload_bytes} />
          {problem && <p role="alert" className="rounded bg-red-50 dark:bg-red-950/40 p-3 text-sm text-red-800 dark:text-red-200" data-testid="file-problem">{problem}</p>}
          {file && (
            <p className="text-sm" data-testid="chosen-file">
              <span className="font-medium">{file.name}</span>{' '}
              <span className="text-slate-500 dark:text-slate-400">({formatBytes(file.size)}{file.type ? `, ${file.type}` : ''})</span>
            </p>
          )}
          {items && (
            <div className="space-y-2">
              <p className="text-sm" role="status" data-testid="batch-choice">{batchChoiceText(items)}</p>
              <BatchUploadList items={items} onCancel={cancelBatchItem} />
            </div>
          )}
          <div className="max-w-xs">
            <label htmlFor="frames" className="mb-1 block text-sm font-medium">Frames to analyse (optional)</label>
            <input id="frames" inputMode="numeric" className="field" placeholder={limits ? `server default (${limits.default_frames})` : 'server default'} value={frames}
                   onChange={(e) => setFrames(e.target.value)} disabled={uploading} aria-invalid={!!framesProblem}
                   aria-describedby="frames-help" />
            <p id="frames-help" className={`mt-1 text-xs ${framesProblem ? 'text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}>
              {framesProblem ?? framesHint(limits)}{items && !framesProblem ? ' The same for every video.' : ''}
            </p>
          </div>
          {items ? (
            batchRunning ? (
              <button type="button" className="btn-danger w-full sm:w-auto" onClick={cancelBatch}>Cancel the remaining uploads</button>
            ) : (
              <button type="button" className="btn-primary w-full sm:w-auto" onClick={startBatch} disabled={toUpload === 0 || !!framesProblem}>
                {toUpload === 0 ? 'Upload and analyse' : `Upload and analyse ${toUpload} ${toUpload === 1 ? 'file' : 'files'}`}
              </button>
            )
          ) : uploading && stats ? <UploadProgress stats={stats} onCancel={() => handle.current?.abort()} /> : (
            <button type="button" className="btn-primary w-full sm:w-auto" onClick={start} disabled={!file || !!framesProblem}>
              Upload and analyse
            </button>
          )}
          {cancelled ? <p role="status" className="text-sm text-slate-700 dark:text-slate-300">Upload cancelled. Nothing was sent for analysis.</p>
            : error ? <ErrorNotice error={error} title="The upload was refused" /> : null}
        </div>
      )}
    </section>
  );
}
