/**
 * Structured JSON logs, one object per line, with fields inherited by child loggers (run id,
 * request id). Fields whose names look secret are redacted before anything is written.
 */
import type { LogLevel } from './env-vars';

export interface LogSink {
  write(line: string): void;
}

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|credential/i;

/** Lambda captures stdout; one write per line keeps lines whole. */
export const stdoutSink: LogSink = { write: (line) => process.stdout.write(`${line}\n`) };

export function createLogger(options: { level: LogLevel; sink: LogSink; fields?: LogFields }): Logger {
  const threshold = SEVERITY[options.level];
  const base = options.fields ?? {};
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (SEVERITY[level] < threshold) return;
    const entry = { timestamp: new Date().toISOString(), level, message, ...base, ...fields };
    options.sink.write(JSON.stringify(entry, redact));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

function redact(key: string, value: unknown): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null) return '[redacted]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
