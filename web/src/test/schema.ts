// Test helper: checks a value against the report contract with Ajv (JSON
// Schema 2020-12), the same document the server's reports are held to.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';

const schemaPath = fileURLToPath(new URL('../../../docs/report.schema.json', import.meta.url));
export const reportSchema = JSON.parse(readFileSync(schemaPath, 'utf8'));

const ajv = new Ajv2020({ allErrors: true });
ajv.addVocabulary(['x-wording']); // the verdicts' words: an annotation, not a constraint
ajv.addSchema(reportSchema);
const validateReport = ajv.compile(reportSchema);
const validateTimeline = ajv.getSchema(`${reportSchema.$id}#/$defs/Timeline`)!;

// The schema's complaints as readable lines; empty when the value conforms.
function problems(validate: typeof validateReport, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export const reportProblems = (value: unknown) => problems(validateReport, value);
export const timelineProblems = (value: unknown) => problems(validateTimeline, value);
