import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateReportTypes, OUTPUT_PATH, SCHEMA_PATH } from '../../scripts/gen-types.mjs';
import { JOB_STATUSES, SECTION_STATUSES, STAGES, VERDICTS } from './generated/report';

describe('generated report types', () => {
  it('match docs/report.schema.json (run npm run gen:types after changing the schema)', async () => {
    expect(readFileSync(OUTPUT_PATH, 'utf8')).toBe(await generateReportTypes());
  });

  it('list every value of the schema enums, in schema order', () => {
    const defs = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')).$defs;
    expect(VERDICTS).toEqual(defs.Verdict.enum);
    expect(SECTION_STATUSES).toEqual(defs.SectionStatus.enum);
    expect(JOB_STATUSES).toEqual(defs.JobStatus.enum);
    expect(STAGES).toEqual(defs.Stage.enum);
  });
});
