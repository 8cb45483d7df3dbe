import { type SocketConfig } from 'baileys'
import { type ChannelLogger } from '#app/channels/types.ts'

type ILogger = SocketConfig['logger']

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }
type Level = keyof typeof LEVELS

/**
 * Baileys wants a pino-like logger (level, child, trace…); the channel hands a ChannelLogger.
 * This wraps it at a threshold (warn by default: Baileys is very chatty at info) and adds the
 * bindings of child loggers to every entry. Works over pino or any plain logger.
 */
export function toBaileysLogger(
  base: ChannelLogger,
  level: Level = 'warn',
  bindings: Record<string, unknown> = {},
): ILogger {
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error', at: number) => (obj: unknown, msg?: string) => {
      if (at < LEVELS[logger.level as Level]) return
      if (typeof obj === 'string') base[method]({ ...bindings }, obj)
      else if (obj instanceof Error) base[method]({ ...bindings, err: obj }, msg)
      else if (typeof obj === 'object' && obj !== null) base[method]({ ...bindings, ...obj }, msg)
      else base[method]({ ...bindings, value: obj }, msg)
    }
  const logger: ILogger = {
    level,
    child(childBindings: Record<string, unknown>) {
      return toBaileysLogger(base, logger.level as Level, { ...bindings, ...childBindings })
    },
    trace: write('debug', LEVELS.trace),
    debug: write('debug', LEVELS.debug),
    info: write('info', LEVELS.info),
    warn: write('warn', LEVELS.warn),
    error: write('error', LEVELS.error),
  }
  return logger
}
