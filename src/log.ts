import pino from 'pino';

export type Logger = pino.Logger;

/** The process logger: JSON lines on stdout, with context objects (`log.info({ guildId }, 'msg')`). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'podium' } });
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
