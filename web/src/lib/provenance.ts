// Words for a report's Content Credentials (report.provenance, C2PA): the
// status labels come from the contract (docs/report.schema.json,
// $defs.ProvenanceStatus["x-wording"]) through the generated constant; the
// rest turns C2PA and IPTC terms into plain words.
import { PROVENANCE_STATUS_WORDING } from './generated/report';
import type { ProvenanceStatus } from './types';

// `status` is typed by the contract, but a newer server may send a value
// this build does not know yet: it is shown as it is.
export function provenanceStatusLabel(status: ProvenanceStatus): string {
  return (PROVENANCE_STATUS_WORDING as Record<string, { label: string } | undefined>)[status]?.label ?? status;
}

export type ProvenanceTone = 'ok' | 'problem' | 'caution' | 'quiet';

// How loudly each status is drawn. Having no credentials (or not checking)
// is quiet: most files carry none, so it says nothing either way.
export function provenanceTone(status: ProvenanceStatus): ProvenanceTone {
  switch (status) {
    case 'valid': return 'ok';
    case 'invalid': return 'problem';
    case 'unverifiable': return 'caution';
    default: return 'quiet';
  }
}

// "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" -> "trainedAlgorithmicMedia".
export function sourceTypeTerm(type: string): string {
  const trimmed = type.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || type;
}

const SOURCE_TYPE_WORDS: Record<string, string> = {
  trainedAlgorithmicMedia: 'made by a generative AI model',
  compositeWithTrainedAlgorithmicMedia: 'includes generative AI content',
  digitalCapture: 'captured by a camera',
  algorithmicMedia: 'made by an algorithm',
};

// An IPTC digital source type (a full IRI or the bare term) in words; a
// type without words here is given by its term.
export function sourceTypeWords(type: string): string {
  const term = sourceTypeTerm(type);
  return SOURCE_TYPE_WORDS[term] ?? term;
}

const RELATIONSHIP_WORDS: Record<string, string> = {
  parentOf: 'the file this one was edited from',
  componentOf: 'a part placed in this file',
  inputTo: 'an input used to make this file',
};

// How an ingredient went into the file (C2PA relationship), in words.
export function relationshipWords(relationship: string | null): string {
  if (!relationship) return 'relationship not stated';
  return RELATIONSHIP_WORDS[relationship] ?? relationship;
}

const NOT_FETCHED_WORDS: Record<string, string> = {
  OCSP: "the signing certificate's revocation status",
  REMOTE_MANIFEST: 'Content Credentials stored elsewhere (a remote manifest)',
};

// What offline validation did not fetch (provenance.not_fetched), in words.
export function notFetchedWords(code: string): string {
  return NOT_FETCHED_WORDS[code] ?? code;
}

// "c2pa.created" -> "created", "c2pa.color_adjustments" -> "color adjustments";
// an action of another namespace keeps its full name.
export function actionWords(action: string): string {
  return action.startsWith('c2pa.') ? action.slice('c2pa.'.length).replace(/_/g, ' ') : action;
}
