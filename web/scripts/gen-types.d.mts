// Types for the generator, so Vitest's drift test type-checks.
export declare const SCHEMA_PATH: string;
export declare const OUTPUT_PATH: string;
export declare function generateReportTypes(): Promise<string>;
