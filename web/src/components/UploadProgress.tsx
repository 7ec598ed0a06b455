import { formatBytes, formatPercent, formatSpeed } from '../lib/format';
import type { UploadStats } from '../lib/upload';
import { ProgressBar } from './ProgressBar';

export function UploadProgress({ stats, onCancel }: { stats: UploadStats; onCancel: () => void }) {
  const eta = stats.etaSeconds === null ? '' : ` · about ${Math.ceil(stats.etaSeconds)} s left`;
  return (
    <div className="space-y-2" data-testid="upload-progress">
      <div className="flex items-baseline justify-between text-sm">
        <span className="font-medium">Uploading… {formatPercent(stats.fraction)}</span>
        <button type="button" className="btn-danger py-1" onClick={onCancel}>Cancel upload</button>
      </div>
      <ProgressBar fraction={stats.fraction} label="Upload progress" />
      <p className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="upload-stats">
        {formatBytes(stats.loaded)} of {formatBytes(stats.total)} · {formatSpeed(stats.bytesPerSecond)}{eta}
      </p>
    </div>
  );
}
