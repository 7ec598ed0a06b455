// Structured log: one JSON object per line on stdout.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type Logger = (level: LogLevel, msg: string, fields?: LogFields) => void;

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, ...("code" in value ? { code: value.code } : {}) };
  if (typeof value === "bigint") return value.toString();
  return value;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + "\n")): Logger {
  return (level, msg, fields = {}) => {
    const entry: LogFields = { ts: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields)) entry[key] = describe(value);
    write(JSON.stringify(entry));
  };
}
