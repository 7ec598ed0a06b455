import { audioStatusLine, audioTimelineSpan, audioWindowViews, type AudioWindowView } from '../lib/audio';
import { formatScore } from '../lib/format';
import type { AudioEvidence, MediaFacts, Thresholds, Verdict } from '../lib/types';
import { verdictLabel } from '../lib/verdict';

// Same colours as the verdict banner's tones; a window without speech is
// hatched grey because it was not scored at all.
const SEGMENT_TONES: Record<Verdict, string> = {
  likely_fake: 'bg-orange-400',
  likely_real: 'bg-emerald-400',
  inconclusive: 'bg-slate-400',
  not_applicable: 'bg-slate-200 dark:bg-slate-700',
};
const NO_SPEECH_TONE = 'bg-[repeating-linear-gradient(45deg,#e2e8f0_0,#e2e8f0_4px,#f8fafc_4px,#f8fafc_8px)] ' +
  'dark:bg-[repeating-linear-gradient(45deg,#334155_0,#334155_4px,#1e293b_4px,#1e293b_8px)]';
// Speech the voice detector did not read: beyond the windows scored per file.
const UNSCORED_SPEECH_TONE = 'bg-slate-100 dark:bg-slate-800';

const LEGEND: [string, string][] = [
  [SEGMENT_TONES.likely_fake, verdictLabel('likely_fake')],
  [SEGMENT_TONES.inconclusive, verdictLabel('inconclusive')],
  [SEGMENT_TONES.likely_real, verdictLabel('likely_real')],
  [UNSCORED_SPEECH_TONE, 'Speech, not scored'],
  [NO_SPEECH_TONE, 'No speech (not scored)'],
];

const seconds = (t: number) => `${t.toFixed(2)} s`;

function windowSummary(w: AudioWindowView): string {
  const span = `${seconds(w.start)} to ${seconds(w.end)}`;
  if (!w.speech) return `${span}: no speech, not scored`;
  return w.score === null ? `${span}: speech, not scored` : `${span}: speech, P(spoof) ${formatScore(w.score)}`;
}

function segmentTone(w: AudioWindowView): string {
  if (w.verdict) return SEGMENT_TONES[w.verdict];
  return w.speech ? UNSCORED_SPEECH_TONE : NO_SPEECH_TONE;
}

// The windows laid out along the audio; the table below says the same in
// text, so the strip is hidden from screen readers.
function WindowStrip({ windows, span }: { windows: AudioWindowView[]; span: number }) {
  const percent = (t: number) => `${(100 * t) / span}%`;
  return (
    <div aria-hidden="true">
      <div className="relative h-8 w-full overflow-hidden rounded bg-slate-50 dark:bg-slate-800 ring-1 ring-inset ring-slate-200 dark:ring-slate-700"
           data-testid="audio-strip">
        {windows.map((w) => (
          <div key={w.key} title={windowSummary(w)} data-speech={w.speech}
               className={`absolute inset-y-0 border-r border-white dark:border-slate-900 ${segmentTone(w)}`}
               style={{ left: percent(w.start), width: percent(w.end - w.start) }} />
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-500 dark:text-slate-400"><span>0 s</span><span>{seconds(span)}</span></div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        {LEGEND.map(([tone, label]) => (
          <li key={label} className="flex items-center gap-1"><span className={`inline-block h-3 w-3 rounded-sm ${tone}`} />{label}</li>
        ))}
      </ul>
    </div>
  );
}

function WindowTable({ windows }: { windows: AudioWindowView[] }) {
  return (
    <div className="-mx-4 mt-3 overflow-x-auto sm:mx-0">
      <table className="min-w-full text-left text-sm" data-testid="audio-windows">
        <caption className="sr-only">Audio windows: whether each holds speech and its voice-spoofing score</caption>
        <thead className="border-b border-slate-200 dark:border-slate-700 text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-2 sm:px-2">Window</th>
            <th scope="col" className="px-2 py-2">Speech</th>
            <th scope="col" className="px-2 py-2">P(spoof)</th>
            <th scope="col" className="hidden px-2 py-2 sm:table-cell">Leaning</th>
          </tr>
        </thead>
        <tbody>
          {windows.map((w) => (
            <tr key={w.key} className="border-b border-slate-100 dark:border-slate-800" data-testid="audio-window" data-speech={w.speech}>
              <td className="px-4 py-2 tabular-nums sm:px-2">{seconds(w.start)} – {seconds(w.end)}</td>
              <td className="px-2 py-2">{w.speech ? 'Speech' : 'No speech'}</td>
              <td className="px-2 py-2 tabular-nums">{w.score === null ? 'not scored' : formatScore(w.score)}</td>
              <td className="hidden px-2 py-2 sm:table-cell">{w.verdict ? verdictLabel(w.verdict) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Older reports have no windows_scored: every speech window was scored.
function scoredText(audio: AudioEvidence): string {
  const scored = audio.windows_scored ?? audio.speech_windows;
  if (scored >= audio.speech_windows) return 'only those are scored';
  return `the ${scored} with the most speech ${scored === 1 ? 'is' : 'are'} scored`;
}

// Voice-spoofing score along the audio, one block per window: its span,
// whether it holds speech and, for speech, its P(spoof). A section that did
// not score says why (no audio, no speech, undecodable audio).
export function AudioTimeline({ audio, media, thresholds }: {
  audio: AudioEvidence;
  media: MediaFacts;
  thresholds: Thresholds;
}) {
  const windows = audioWindowViews(audio, thresholds);
  const status = audioStatusLine(audio);
  return (
    <div data-testid="audio-timeline" data-status={audio.status}>
      {status && <p className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300" data-testid="audio-status">{status}</p>}
      {windows.length > 0 ? (
        <>
          <WindowStrip windows={windows} span={audioTimelineSpan(windows, media)} />
          <WindowTable windows={windows} />
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            {audio.speech_windows} of {audio.windows_analyzed} windows of {audio.window_s.toFixed(2)} s hold speech;{' '}
            {scoredText(audio)}. P(spoof) is the voice detector&apos;s probability that the speech is synthetic or
            converted.
          </p>
        </>
      ) : (
        !status && <p className="text-sm text-slate-600 dark:text-slate-400">No audio window was analysed.</p>
      )}
    </div>
  );
}
