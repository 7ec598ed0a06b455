import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../lib/api';
import { formatBytes } from '../lib/format';
import { uploadVideo, type UploadHandle, type UploadStats } from '../lib/upload';
import { framesHint, validateFrames, validateMediaFile } from '../lib/validate';
import { useApiKey, useAuth } from '../components/AuthContext';
import { DropZone } from '../components/DropZone';
import { ErrorNotice } from '../components/ErrorNotice';
import { UploadProgress } from '../components/UploadProgress';

export function UploadPage() {
  const key = useApiKey();
  // The server's limits arrive with the user (GET /api/v1/me).
  const { handleAuthError, user } = useAuth();
  const limits = user?.limits;
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [frames, setFrames] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stats, setStats] = useState<UploadStats | null>(null);
  const handle = useRef<UploadHandle | null>(null);

  function choose(files: File[]) {
    setError(null);
    const [next] = files;
    // One job per upload: several dropped files are refused by name, not
    // silently cut to the first (issue 18).
    const message = files.length > 1
      ? `You dropped ${files.length} files (${files.map((f) => `"${f.name}"`).join(', ')}). Choose one file at a time.`
      : validateMediaFile(next, limits?.max_upload_bytes);
    setProblem(message);
    setFile(message ? null : next);
  }

  async function start() {
    if (!file) return;
    setError(null);
    setStats({ loaded: 0, total: file.size, fraction: 0, bytesPerSecond: 0, etaSeconds: null });
    handle.current = uploadVideo({ key, file, frames: frames ? Number(frames) : undefined, onProgress: setStats });
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

  const framesProblem = validateFrames(frames, limits?.max_frames);
  const uploading = stats !== null;
  const cancelled = error instanceof ApiError && error.code === 'UPLOAD_ABORTED';
  return (
    <section aria-labelledby="upload-title" className="space-y-4">
      <h1 id="upload-title" className="text-2xl font-bold">Check a video, image or voice recording</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        DeepTrace samples frames, finds faces and scores them with deepfake detectors, follows the faces' landmark
        motion over time and checks the voice for signs of synthesis; an image gets the face check alone, an audio
        file the voice check alone. The result is an estimate to guide a closer look, not proof.
      </p>
      <div className="card space-y-4 print:hidden">
        <DropZone onFiles={choose} disabled={uploading} />
        {problem && <p role="alert" className="rounded bg-red-50 dark:bg-red-950/40 p-3 text-sm text-red-800 dark:text-red-200" data-testid="file-problem">{problem}</p>}
        {file && (
          <p className="text-sm" data-testid="chosen-file">
            <span className="font-medium">{file.name}</span>{' '}
            <span className="text-slate-500 dark:text-slate-400">({formatBytes(file.size)}{file.type ? `, ${file.type}` : ''})</span>
          </p>
        )}
        <div className="max-w-xs">
          <label htmlFor="frames" className="mb-1 block text-sm font-medium">Frames to analyse (optional)</label>
          <input id="frames" inputMode="numeric" className="field" placeholder={limits ? `server default (${limits.default_frames})` : 'server default'} value={frames}
                 onChange={(e) => setFrames(e.target.value)} disabled={uploading} aria-invalid={!!framesProblem}
                 aria-describedby="frames-help" />
          <p id="frames-help" className={`mt-1 text-xs ${framesProblem ? 'text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}>
            {framesProblem ?? framesHint(limits)}
          </p>
        </div>
        {uploading ? <UploadProgress stats={stats} onCancel={() => handle.current?.abort()} /> : (
          <button type="button" className="btn-primary w-full sm:w-auto" onClick={start} disabled={!file || !!framesProblem}>
            Upload and analyse
          </button>
        )}
        {cancelled ? <p role="status" className="text-sm text-slate-700 dark:text-slate-300">Upload cancelled. Nothing was sent for analysis.</p>
          : error ? <ErrorNotice error={error} title="The upload was refused" /> : null}
      </div>
    </section>
  );
}
