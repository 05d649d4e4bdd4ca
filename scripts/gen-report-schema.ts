// Writes packages/core/schema/report.schema.json from the Report type, so the schema that
// ships with the package cannot drift from the code (a test regenerates and compares).
import { writeFileSync } from 'node:fs';
import { createGenerator } from 'ts-json-schema-generator';

export function generateReportSchema(): string {
  const schema = createGenerator({
    path: 'packages/core/src/report/types.ts',
    tsconfig: 'tsconfig.json',
    type: 'Report',
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('Report');
  (schema as Record<string, unknown>).$id = 'https://autoconf.dev/schema/report-v2.json';
  (schema as Record<string, unknown>).title = 'autoconf detection report';
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('packages/core/schema/report.schema.json', generateReportSchema());
}
