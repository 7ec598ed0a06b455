// The report page with Content Credentials (report.provenance): the panel for
// each status, the headline they may decide, and reports without them.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../lib/format';
import type { Report } from '../lib/types';
import { part, textOf } from '../test/markup';
import {
  invalidCredentialsReport, noProvenance, provenance, report, signedGenerativeReport, uncheckedProvenance,
} from '../test/reports';
import { reportProblems } from '../test/schema';
import { AuthProvider } from './AuthContext';
import { ReportView } from './ReportView';

function render(r: Report) {
  expect(reportProblems(r)).toEqual([]); // every report here is one the server could send
  const html = renderToStaticMarkup(<AuthProvider><ReportView jobId="j-1" report={r} /></AuthProvider>);
  return { html, text: textOf(html) };
}

// An element's text as read: the spaces tag-stripping leaves around punctuation dropped.
const words = (html: string, id: string) => part(html, id).replace(/\s+([.,;:)])/g, '$1').replace(/\(\s+/g, '(');

// Where a titled part of the page starts in its text.
const at = (text: string, words: string) => {
  expect(text).toContain(words);
  return text.indexOf(words);
};

describe('Content Credentials signed as made with generative AI', () => {
  const { html, text } = render(signedGenerativeReport());

  it('make the headline, in a style of its own, said to come from the credentials', () => {
    expect(part(html, 'headline')).toBe('Signed as made with generative AI');
    expect(html).toContain('data-headline="SIGNED_GENERATIVE_AI"');
    expect(html).toMatch(/<h2[^>]*data-testid="headline"/);
    expect(part(html, 'verdict')).toMatch(/^From the file's Content Credentials Signed as made with generative AI Content Credentials signed by/);
    expect(text).not.toContain('What the detectors indicate');
  });

  it('keep the detectors\' verdict and score, under the headline and labelled as theirs', () => {
    expect(html).toContain('data-verdict="likely_real"');
    const detectors = words(html, 'detectors-verdict');
    expect(detectors).toMatch(/^The detectors' verdict No strong signs The detectors' score \(0\.20\) is at or below/);
    expect(part(html, 'fake-score')).toBe("Detectors' manipulation score 0.20 0 = looks authentic · 1 = looks manipulated");
    expect(html).toMatch(/<h3[^>]*>The detectors&#x27; verdict<\/h3>/);
    expect(html.match(/data-testid="verdict-pill"/g)).toHaveLength(1);
    expect(at(text, 'Signed as made with generative AI')).toBeLessThan(at(text, "The detectors' verdict"));
  });

  it('show the panel right after the verdict, with the signer, the tool, the actions in words and what was not fetched', () => {
    expect(at(text, 'Content Credentials Content Credentials valid')).toBeLessThan(at(text, 'Score over time'));
    const panel = words(html, 'provenance');
    expect(html).toContain('data-testid="provenance" data-status="valid"');
    expect(words(html, 'provenance-status')).toBe('Content Credentials valid');
    expect(words(html, 'provenance-summary')).toBe(provenance().summary);
    expect(words(html, 'provenance-facts')).toBe('Signer Adobe Content Credentials Certificate issuer Adobe Inc. ' +
      'Trusted list Not on a trusted list (none is configured on this server) ' +
      `Signed at ${formatDateTime('2025-03-14T09:26:53+00:00')} Signature algorithm Es256 Made with Adobe Firefly/2.1 ` +
      'Title portrait.jpg Format image/jpeg Manifest urn:c2pa:3fad1ead-8ed5-44d0-873b-ea5f58adea82');
    expect(words(html, 'provenance-actions')).toBe('created (c2pa.created): made by a generative AI model ' +
      '(trainedAlgorithmicMedia), with Adobe Firefly');
    expect(words(html, 'provenance-ingredients')).toBe('sketch.png: an input used to make this file (inputTo), image/png; ' +
      'without Content Credentials of its own');
    expect(words(html, 'provenance-not-fetched')).toBe("Not fetched, because validation runs offline: the signing " +
      "certificate's revocation status (OCSP).");
    expect(words(html, 'provenance-sdk')).toBe('Read with c2pa-c 0.49.5 in 14 ms, without network access.');
    expect(panel).not.toContain('Validation failures');
    expect(panel).not.toContain('XMP');
    expect(html).toMatch(/<section aria-labelledby="provenance-title"[^>]*><div[^>]*><h2 id="provenance-title"/);
  });

  it('say a signer on the configured trusted list is, and name the list', () => {
    const signed = signedGenerativeReport();
    const trustList = 'c0ffee'.repeat(10) + 'abcd';
    const { html } = render({ ...signed, provenance: provenance({
      trust_list: trustList, manifest: { ...signed.provenance!.manifest!, signer: { ...signed.provenance!.manifest!.signer, trusted: true } },
    }) });
    expect(words(html, 'provenance-trust')).toBe('On the configured trusted list');
    expect(words(html, 'provenance-sdk')).toContain('Trusted list sha256 c0ffeec0…ffeeabcd.');
  });
});

describe('Content Credentials present but invalid', () => {
  const { html } = render(invalidCredentialsReport());

  it('list each validation failure with its C2PA code, marking those in an ingredient', () => {
    expect(words(html, 'provenance-status')).toBe('Credentials present but invalid');
    expect(html).toContain('data-tone="problem"');
    expect(words(html, 'provenance-failures')).toBe('assertion.dataHash.mismatch: the hash of the image data does not match ' +
      'claimSignature.mismatch (in an ingredient)');
    expect(words(html, 'provenance')).toContain('These details were read from credentials that failed validation: ' +
      'they cannot be relied on.');
    expect(words(html, 'provenance-actions')).toBe('opened (c2pa.opened) color adjustments (c2pa.color_adjustments), with Photoshop');
    expect(words(html, 'provenance-ingredients')).toBe('original.jpg: the file this one was edited from (parentOf); ' +
      'with Content Credentials of its own');
  });

  it('warn like any other warning, and leave the detectors\' verdict as the headline', () => {
    expect(words(html, 'warnings')).toBe('Content Credentials are present but invalid: assertion.dataHash.mismatch. ' +
      'The file may have been changed after it was signed. CREDENTIALS_INVALID');
    expect(html).not.toContain('data-testid="headline"');
    expect(part(html, 'verdict')).toMatch(/^What the detectors indicate No strong signs of manipulation found/);
    expect(html.indexOf('data-testid="warnings"')).toBeLessThan(html.indexOf('data-testid="provenance"'));
  });
});

describe('no Content Credentials', () => {
  it('is a short quiet panel after the evidence, saying that is not evidence of manipulation', () => {
    const { html, text } = render(report({ provenance: noProvenance() }));
    expect(words(html, 'provenance')).toBe('Content Credentials No Content Credentials ' +
      'This file carries no Content Credentials. Most files carry none, so this is not evidence of manipulation. ' +
      'Read with c2pa-c 0.49.5 in 14 ms, without network access.');
    expect(html).toContain('data-tone="quiet"');
    expect(at(text, 'Visual evidence')).toBeLessThan(at(text, 'Content Credentials No Content Credentials'));
    expect(html).not.toContain('data-testid="provenance-facts"');
    expect(html).not.toContain('data-testid="headline"');
    expect(html).not.toContain('data-testid="warnings"');
  });

  it('says when the SDK reads no credentials from the file\'s format', () => {
    const { html } = render(report({ provenance: { ...noProvenance(), reason: 'FORMAT_NOT_SUPPORTED',
      summary: 'The C2PA SDK reads no Content Credentials from this file format.' } }));
    expect(words(html, 'provenance-summary')).toBe('The C2PA SDK reads no Content Credentials from this file format. ' +
      'Most files carry none, so this is not evidence of manipulation.');
  });

  it('gives the unsigned XMP source type, saying anyone can write it', () => {
    const xmp = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';
    const { html } = render(report({ provenance: { ...noProvenance(), xmp_digital_source_type: xmp,
      summary: 'No Content Credentials. Most files have none, so this says nothing about whether the file is authentic. ' +
        'Its unsigned XMP metadata says it was a composite that includes generative AI content (anyone can write that).' } }));
    expect(words(html, 'provenance')).not.toContain('Its unsigned XMP metadata'); // the report's summary, said once below
    expect(words(html, 'provenance-xmp')).toBe("The file's XMP metadata describes it as: includes generative AI content " +
      '(compositeWithTrainedAlgorithmicMedia). This is unsigned metadata: anyone can write it.');
  });
});

describe('Content Credentials not checked (a build without the C2PA SDK)', () => {
  it('says so in a quiet panel, naming no SDK', () => {
    const { html } = render(report({ provenance: uncheckedProvenance() }));
    expect(words(html, 'provenance')).toBe('Content Credentials Not checked ' +
      'Content Credentials were not checked: this DeepTrace was built without the C2PA SDK.');
    expect(html).toContain('data-status="unavailable"');
    expect(html).not.toContain('data-testid="provenance-sdk"');
  });
});

describe('Content Credentials that could not be checked offline', () => {
  it('say what was not fetched', () => {
    const { html } = render(report({ provenance: provenance({
      status: 'unverifiable', reason: 'REMOTE_MANIFEST_NOT_FETCHED', generative_ai: false, manifest: null,
      not_fetched: ['REMOTE_MANIFEST'],
      summary: 'Content Credentials are stored elsewhere (a remote manifest) and were not fetched: reading makes no ' +
        'network calls, so they could not be checked.',
    }) }));
    expect(words(html, 'provenance-status')).toBe('Credentials could not be checked');
    expect(words(html, 'provenance-not-fetched')).toBe('Not fetched, because validation runs offline: Content ' +
      'Credentials stored elsewhere (a remote manifest) (REMOTE_MANIFEST).');
  });
});

describe('a report written before Content Credentials were read', () => {
  it('shows no panel and no headline', () => {
    const { html, text } = render(report());
    expect(html).not.toContain('data-testid="provenance"');
    expect(html).not.toContain('data-testid="headline"');
    expect(text).not.toContain('Content Credentials');
    expect(part(html, 'verdict')).toMatch(/^What the detectors indicate/);
  });
});
