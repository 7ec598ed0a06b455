import { formatScore } from '../lib/format';
import { evidenceTitle } from '../lib/report';
import type { EvidenceSection, ModelCard } from '../lib/types';
import { notApplicableReason, sectionStatusLabel, verdictLabel } from '../lib/verdict';
import { DetectorsTable } from './DetectorsTable';
import { FactList, type Fact } from './FactList';

// One evidence section, drawn from the fields every section shares (status,
// reason, verdict, score, detectors), so a section this build has never seen
// still shows. `facts` carries what only one section has (the visual
// section's face counts); `explained` is set when the verdict banner already
// explains this section's reason, so the sentence is not said twice.
export function EvidenceSectionCard({ name, section, cards, facts = [], explained = false }: {
  name: string;
  section: EvidenceSection;
  cards: ModelCard[];
  facts?: Fact[];
  explained?: boolean;
}) {
  const id = `evidence-${name}-title`;
  const common: Fact[] = [
    { label: 'Status', value: sectionStatusLabel(section.status, section.reason) },
    { label: 'Leaning', value: verdictLabel(section.verdict) },
    { label: 'Score', value: formatScore(section.fake_score) },
  ];
  return (
    <section aria-labelledby={id} className="card" data-testid="evidence-section" data-section={name}
             data-status={section.status}>
      <h2 id={id} className="h2">{evidenceTitle(name)}</h2>
      <FactList facts={[...common, ...facts]} testId={`evidence-${name}-facts`} />
      {section.status !== 'ok' && !explained && <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{notApplicableReason(section.reason)}</p>}
      {section.detectors.some((d) => d.fake_score !== null) ? (
        <div className="mt-3"><DetectorsTable detectors={section.detectors} cards={cards} /></div>
      ) : section.detectors.length > 0 && (
        // Nothing was scored (no face, no speech): a table of dashes says
        // nothing, so name the detectors that were ready (issue 18).
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400" data-testid="unscored-detectors">
          No detector gave a score. Ready to run: {section.detectors.map((d) => `${d.name} (version ${d.version})`).join(', ')}.
        </p>
      )}
    </section>
  );
}
