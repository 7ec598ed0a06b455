import { useMemo, useRef, type ReactNode } from 'react';
import { reportArtifacts } from '../lib/api';
import { formatBytes, formatMs, formatSeconds, shortHash } from '../lib/format';
import { audioStreamText } from '../lib/audio';
import { sampledFrames, trackMoment } from '../lib/evidence';
import { provenanceTone } from '../lib/provenance';
import { evidenceSections, framesWithoutFace, tracksOf } from '../lib/report';
import { otherTemporalTracks, temporalCoverage, withTemporalScores } from '../lib/temporal';
import type { AudioEvidence, ModelCard, Report, TemporalEvidence, VisualEvidence } from '../lib/types';
import { AnchorPanel, DownloadReportButton } from './AnchorPanel';
import { AudioTimeline } from './AudioTimeline';
import { EvidencePicture, useServedMedia, type PlayerHandle } from './EvidencePlayer';
import { EvidenceSectionCard } from './EvidenceSectionCard';
import { FaceGallery, OtherTemporalTracks } from './FaceGallery';
import { FactList, type Fact } from './FactList';
import { ProvenancePanel } from './ProvenancePanel';
import { TimelineChart } from './TimelineChart';
import { useModelCards, useTimeline, useTimelineSeries } from './useReportExtras';
import { VerdictBanner } from './VerdictBanner';
import { VideoTimeline } from './VideoTimeline';
import { WhyVerdict } from './WhyVerdict';

// As displayed: non-square pixels were stretched to the width players show.
function resolutionText({ width, height, sample_aspect_ratio: sar }: Report['media']): string {
  if (!width || !height) return '—';
  return sar ? `${width} × ${height} (stored pixels ${sar.toFixed(3)} times as wide as tall, stretched as players show them)`
    : `${width} × ${height}`;
}

// An audio-only upload has no picture: its audio stream stands where the
// resolution and frame rate would.
function mediaFacts({ media }: Report): Fact[] {
  const picture: Fact[] = media.kind === 'audio' ? [] : [
    { label: 'Resolution', value: resolutionText(media) },
    { label: 'Frame rate', value: media.fps ? `${media.fps.toFixed(2)} fps` : '—' },
    ...(media.interlaced ? [{ label: 'Scan', value: 'Interlaced (landmark motion read from the top fields)' }] : []),
  ];
  const sound: Fact[] = media.audio ? [{ label: 'Audio', value: audioStreamText(media.audio) }] : [];
  return [
    { label: 'File', value: media.filename || '—' },
    { label: 'Size', value: formatBytes(media.size) },
    { label: 'Format', value: [media.content_type, media.codec].filter(Boolean).join(' · ') || '—' },
    ...picture,
    ...sound,
    { label: 'Duration', value: formatSeconds(media.duration_s) },
    // Shortened on screen (the title has it whole); whole on paper, where nothing hovers.
    { label: 'SHA-256', value: (
      <span className="font-mono text-xs" title={media.sha256}>
        <span className="print:hidden">{shortHash(media.sha256, 16)}</span>
        <span className="hidden break-all print:inline" data-testid="media-sha256">{media.sha256}</span>
      </span>
    ) },
  ];
}

// What only the visual section has: how many frames and faces it read.
function visualFacts(visual: VisualEvidence): Fact[] {
  const models = visual.face_detector.models.map((m) => `${m.name} ${m.version}`).join(', ');
  return [
    { label: 'Frames analysed', value: `${visual.frames_analyzed} (${framesWithoutFace(visual.frames)} without a face)` },
    { label: 'Faces found', value: `${visual.faces_found} (${visual.faces_classified} classified)` },
    // Issue 18, defect 2: detections a second face detector did not confirm.
    ...(visual.faces_set_aside ? [{ label: 'Set aside', value: `${visual.faces_set_aside} ${
      visual.faces_set_aside === 1 ? 'detection' : 'detections'} a second face detector (dlib HOG) did not confirm as a face; not scored` }] : []),
    // Issue 18: one person split into several tracks by a cut, joined again.
    ...(visual.track_identity?.tracks_joined ? [{ label: 'Joined', value: `${visual.track_identity.tracks_joined} ${
      visual.track_identity.tracks_joined === 1 ? 'track' : 'tracks'} judged the same person as another by face recognition (${
      visual.track_identity.model.name})` }] : []),
    { label: 'Face detector', value: models ? `${visual.face_detector.name} (${models})` : visual.face_detector.name },
  ];
}

// What only the temporal section has: the weights, the windows, the landmarks.
function temporalFacts(temporal: TemporalEvidence): Fact[] {
  const model = temporal.landmarks.model;
  return [
    { label: 'Weights', value: `LRNet ${temporal.weights}` },
    { label: 'Windows', value: `${temporal.windows_analyzed} of ${temporal.windows_requested} scored ` +
      `(${temporal.window_frames} frames each), ${temporalCoverage(temporal)}` },
    { label: 'Landmarks', value: `${model.name} ${model.version}; ${temporal.landmarks.calibration}` },
  ];
}

// ", 1 scored" when the model read fewer speech windows than there were.
function scoredSuffix(audio: AudioEvidence): string {
  const scored = audio.windows_scored ?? audio.speech_windows;
  return scored < audio.speech_windows ? `, ${scored} scored` : '';
}

// What only the audio section has: its windows and the rate the model reads.
function audioFacts(audio: AudioEvidence): Fact[] {
  if (audio.windows_analyzed === 0) return []; // no audio, or none decoded: nothing to count
  return [
    { label: 'Windows', value: `${audio.speech_windows} of ${audio.windows_analyzed} with speech ` +
      `(${audio.window_s.toFixed(2)} s each)${scoredSuffix(audio)}` },
    { label: 'Sample rate', value: `${audio.sample_rate / 1000} kHz mono` },
  ];
}

// Counts of what a section read; none for a section that had nothing to
// read (no frames for the visual one, no video for the temporal one).
function sectionFacts(report: Report, name: string): Fact[] {
  const { visual, temporal, audio } = report.evidence;
  if (name === 'visual') return visual.frames_analyzed > 0 ? visualFacts(visual) : [];
  if (name === 'temporal' && temporal) return report.media.kind === 'video' ? temporalFacts(temporal) : [];
  if (name === 'audio' && audio) return audioFacts(audio);
  return [];
}

function settingsFacts({ settings, fusion }: Report): Fact[] {
  return [
    { label: 'Frames requested', value: String(settings.frames_requested) },
    { label: 'Frames used', value: String(settings.frames_used) },
    { label: 'Software version', value: settings.software_version },
    ...(settings.device ? [{ label: 'Device', value: settings.device }] : []),
    ...(settings.decode_device ? [{ label: 'Decoded on', value: settings.decode_device }] : []),
    { label: 'Fusion version', value: fusion.version },
  ];
}

function timingFacts(report: Report): Fact[] {
  return Object.entries(report.timings_ms).map(([stage, ms]) => ({ label: stage, value: formatMs(ms) }));
}

function Section({ title, children, id, className = '' }: { title: string; children: ReactNode; id: string; className?: string }) {
  return (
    <section aria-labelledby={id} className={`card ${className}`}>
      <h2 id={id} className="h2">{title}</h2>
      {children}
    </section>
  );
}

// Every evidence section by its common fields; the ones this build knows add
// their own facts.
function EvidenceSections({ report, cards }: { report: Report; cards: ModelCard[] }) {
  return (
    <>
      {evidenceSections(report).map(({ name, section }) => (
        <EvidenceSectionCard key={name} name={name} section={section} cards={cards}
                             facts={sectionFacts(report, name)}
                             explained={report.verdict === 'not_applicable' && section.reason === report.reason} />
      ))}
    </>
  );
}

// `anchoring`: the server runs an anchor service (GET /api/v1/me,
// features.anchoring); without one there is no anchor to show or ask for.
// `sharedToken`: a share link's read-only copy (pages/SharedReportPage), seen
// without a session: artifacts come through the token, and nothing is asked
// of the routes that need a session (model cards, the owner's anchor and
// download), which the page replaces with the link's own digest and anchor.
// `mediaUrl`: where the owner's session gets the upload itself (JobPage);
// given, a video is played with its face boxes beside the chart and a
// picture shown with its boxes. A share link serves no media, so the
// shared page gives none and shows no player.
export function ReportView({ jobId, report, anchoring = true, sharedToken, mediaUrl }: {
  jobId: string; report: Report; anchoring?: boolean; sharedToken?: string; mediaUrl?: string;
}) {
  const cards = useModelCards(!sharedToken);
  const artifacts = useMemo(() => reportArtifacts(jobId, sharedToken), [jobId, sharedToken]);
  const { visual, temporal, audio } = report.evidence;
  const tracks = useMemo(() => withTemporalScores(tracksOf(visual), temporal), [visual, temporal]);
  const otherTracks = useMemo(() => otherTemporalTracks(tracks, temporal), [tracks, temporal]);
  const timeline = useTimeline(artifacts, report);
  const series = useTimelineSeries(report, tracks, timeline);
  const media = useServedMedia(mediaUrl);
  const frames = useMemo(() => sampledFrames(report, timeline, tracks), [report, timeline, tracks]);
  const player = useRef<PlayerHandle>(null);
  // An audio-only upload has no frames: no picture timeline, no faces. A
  // still image has one picture: faces, but no timeline.
  const hasPicture = report.media.kind !== 'audio';
  const hasTimeline = report.media.kind === 'video';
  // Content Credentials the file carries come right after the verdict; none
  // (or none checked) is a quiet note after the detectors' evidence. Reports
  // written before provenance existed show no panel.
  const { provenance } = report;
  const credentialsFirst = provenance !== undefined && provenanceTone(provenance.status) !== 'quiet';
  return (
    <div className="space-y-4 print:space-y-2" data-testid="report">
      <VerdictBanner report={report} />
      {report.warnings.length > 0 && (
        <ul className="list-inside list-disc rounded border border-amber-300 dark:border-amber-800 bg-amber-50 dark:bg-amber-950/40 p-3 text-sm text-amber-900 dark:text-amber-200 [overflow-wrap:anywhere]"
            data-testid="warnings"
            aria-label="Warnings about this analysis">
          {report.warnings.map((w) => <li key={w.code}>{w.message} <code className="text-xs">{w.code}</code></li>)}
        </ul>
      )}
      <WhyVerdict report={report} tracks={tracks} timeline={timeline} />
      {provenance && credentialsFirst && <ProvenancePanel provenance={provenance} />}
      {hasTimeline && (
        <Section title={media ? 'Video and score over time' : 'Score over time'} id="timeline-title">
          {media ? <VideoTimeline ref={player} src={media} media={report.media} frames={frames} series={series}
                                  thresholds={report.thresholds} />
            : <TimelineChart series={series} thresholds={report.thresholds} durationS={report.media.duration_s} />}
          {visual.aggregate && <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Headline score: {visual.aggregate}.</p>}
        </Section>
      )}
      {audio && report.media.kind !== 'image' && (
        <Section title="Voice over time" id="audio-timeline-title">
          <AudioTimeline audio={audio} media={report.media} thresholds={report.thresholds} />
        </Section>
      )}
      {hasPicture && (tracks.length > 0 || otherTracks.length > 0) && (
        <Section title="Faces" id="faces-title">
          {media && report.media.kind === 'image' && <EvidencePicture src={media} media={report.media} frames={frames} />}
          {tracks.length > 0 && (
            <FaceGallery artifacts={artifacts} tracks={tracks} onShowInVideo={media && hasTimeline ? (key) => {
              const t = trackMoment(visual, key);
              if (t !== null) player.current?.seekTo(t, true);
            } : undefined} />
          )}
          {otherTracks.length > 0 && <OtherTemporalTracks tracks={otherTracks} />}
        </Section>
      )}
      <EvidenceSections report={report} cards={cards} />
      {provenance && !credentialsFirst && <ProvenancePanel provenance={provenance} />}
      <div className="grid gap-4 md:grid-cols-2 print:block">
        <Section title="Media" id="media-title"><FactList facts={mediaFacts(report)} testId="media-facts" /></Section>
        {/* How long each stage took says nothing about the media: not printed. */}
        <Section title="Timings" id="timings-title" className="print:hidden">
          <FactList facts={timingFacts(report)} testId="timings" />
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Decoding runs alongside face detection and classification, so the
            stage times can add up to more than the total.</p>
        </Section>
      </div>
      <Section title="Settings used" id="settings-title"><FactList facts={settingsFacts(report)} testId="settings" /></Section>
      {report.disclaimer && <p className="rounded bg-slate-100 dark:bg-slate-800 p-3 text-xs text-slate-700 dark:text-slate-300" data-testid="disclaimer">{report.disclaimer}</p>}
      {anchoring && !sharedToken && <AnchorPanel jobId={jobId} />}
      {!sharedToken && <DownloadReportButton jobId={jobId} />}
    </div>
  );
}
