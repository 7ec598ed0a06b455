// Generates src/lib/generated/report.ts from docs/report.schema.json, the
// report contract, with json-schema-to-typescript: one exported type per
// $defs entry, plus a runtime array for each string enum (stage order,
// statuses, verdicts), so no list is written by hand in the web UI.
//   node scripts/gen-types.mjs          write the file
//   node scripts/gen-types.mjs --check  exit 1 when the committed file drifted
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

export const SCHEMA_PATH = fileURLToPath(new URL('../../docs/report.schema.json', import.meta.url));
export const OUTPUT_PATH = fileURLToPath(new URL('../src/lib/generated/report.ts', import.meta.url));

const BANNER = `// Generated from docs/report.schema.json by \`npm run gen:types\` (scripts/gen-types.mjs).
// Do not edit: change the schema and regenerate. \`npm test\` fails when this file drifts.`;

// JobStatus -> JOB_STATUSES, Stage -> STAGES, Verdict -> VERDICTS.
function constantName(typeName) {
  const snake = typeName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return snake.endsWith('S') ? `${snake}ES` : `${snake}S`;
}

// The schema's enums in schema order, which is meaningful (Stage is "in order").
function enumConstants(schema) {
  return Object.entries(schema.$defs ?? {})
    .filter(([, def]) => Array.isArray(def.enum) && def.enum.every((v) => typeof v === 'string'))
    .map(([name, def]) =>
      `export const ${constantName(name)} = [${def.enum.map((v) => JSON.stringify(v)).join(', ')}] as const satisfies readonly ${name}[];`)
    .join('\n');
}

// Words defined once in the schema ($defs.X["x-wording"]: label and headline
// per value), e.g. VERDICT_WORDING; the CLI reads the same entry (src/report).
function wordingConstants(schema) {
  return Object.entries(schema.$defs ?? {})
    .filter(([, def]) => def['x-wording'])
    .map(([name, def]) => {
      const constant = constantName(name).replace(/E?S$/, '_WORDING');
      // The fields the schema gives every value (label; headline for the verdicts).
      const fields = [...new Set(Object.values(def['x-wording']).flatMap((w) => Object.keys(w)))];
      return `export const ${constant} = ${JSON.stringify(def['x-wording'], null, 2)} as const satisfies ` +
        `Record<${name}, { ${fields.map((f) => `${f}: string`).join('; ')} }>;`;
    })
    .join('\n');
}

export async function generateReportTypes() {
  const schema = JSON.parse(await readFile(SCHEMA_PATH, 'utf8'));
  const types = await compile(schema, 'Report', {
    bannerComment: BANNER,
    unreachableDefinitions: true, // every $defs entry becomes a named export
    format: true,
  });
  return `${types}\n${enumConstants(schema)}\n${wordingConstants(schema)}\n`;
}

async function main() {
  const generated = await generateReportTypes();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OUTPUT_PATH, 'utf8').catch(() => '');
    if (committed !== generated) {
      console.error(`${OUTPUT_PATH} is out of date with docs/report.schema.json: run npm run gen:types`);
      process.exit(1);
    }
    return;
  }
  await writeFile(OUTPUT_PATH, generated);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
