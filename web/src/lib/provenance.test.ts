import { describe, expect, it } from 'vitest';
import { reportSchema } from '../test/schema';
import { PROVENANCE_STATUSES } from './generated/report';
import {
  actionWords, notFetchedWords, provenanceStatusLabel, provenanceTone, relationshipWords, sourceTypeTerm, sourceTypeWords,
} from './provenance';
import type { ProvenanceStatus } from './types';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

describe('provenance wording', () => {
  it('labels every status with the words of docs/report.schema.json', () => {
    const wording = reportSchema.$defs.ProvenanceStatus['x-wording'];
    for (const status of PROVENANCE_STATUSES) expect(provenanceStatusLabel(status)).toBe(wording[status].label);
    expect(provenanceStatusLabel('something_new' as ProvenanceStatus)).toBe('something_new');
  });

  it('draws no credentials, and none checked, quietly', () => {
    expect(provenanceTone('none')).toBe('quiet');
    expect(provenanceTone('unavailable')).toBe('quiet');
    expect(provenanceTone('valid')).toBe('ok');
    expect(provenanceTone('invalid')).toBe('problem');
    expect(provenanceTone('unverifiable')).toBe('caution');
  });

  it.each([
    ['trainedAlgorithmicMedia', 'made by a generative AI model'],
    ['compositeWithTrainedAlgorithmicMedia', 'includes generative AI content'],
    ['digitalCapture', 'captured by a camera'],
    ['algorithmicMedia', 'made by an algorithm'],
    ['virtualRecording', 'virtualRecording'],
  ])('says the digital source type %s in words, from the IRI or the bare term', (term, words) => {
    expect(sourceTypeWords(`${IPTC}${term}`)).toBe(words);
    expect(sourceTypeWords(term)).toBe(words);
    expect(sourceTypeTerm(`${IPTC}${term}`)).toBe(term);
  });

  it('says ingredients\' relationships, what was not fetched and actions in words, else by their code', () => {
    expect(relationshipWords('parentOf')).toBe('the file this one was edited from');
    expect(relationshipWords('somethingElse')).toBe('somethingElse');
    expect(relationshipWords(null)).toBe('relationship not stated');
    expect(notFetchedWords('OCSP')).toBe("the signing certificate's revocation status");
    expect(notFetchedWords('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(actionWords('c2pa.color_adjustments')).toBe('color adjustments');
    expect(actionWords('com.example.stamp')).toBe('com.example.stamp');
  });
});
