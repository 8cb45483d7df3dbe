import { remember } from '@epic-web/remember'
import { pino } from 'pino'
import { getEnv } from './env.server.ts'

export const logger = remember('logger', () => pino({ level: getEnv().LOG_LEVEL, base: undefined }))
