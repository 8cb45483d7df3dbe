import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const schema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_PATH: z.string().min(1).default('./data/balcao.db'),
    MEDIA_DIR: z.string().min(1).default('./data/media'),
    SESSION_SECRET: z
      .string()
      .min(16, 'SESSION_SECRET must have at least 16 characters')
      .optional(),
    ADMIN_EMAIL: z.string().email('ADMIN_EMAIL must be an e-mail address').optional(),
    ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters').optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** The built-in WhatsApp simulator (/simulator): on unless set to off. */
    SIMULATOR: z.enum(['on', 'off']).default('on'),
    /** Express `trust proxy`: how many proxies sit in front (1 on Fly.io), so rate limits key on the client IP. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Multiplies the rate limits; tests raise it so a suite is never throttled. */
    RATE_LIMIT_FACTOR: z.coerce.number().positive().default(1),
  })
  .refine((env) => Boolean(env.ADMIN_EMAIL) === Boolean(env.ADMIN_PASSWORD), {
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
    path: ['ADMIN_PASSWORD'],
  })

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string }

let cached: Env | undefined

/** Reads and validates the environment once; a bad value stops the process with a clear message. */
export function getEnv(): Env {
  if (cached) return cached
  const empty = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value === ''))
  const result = schema.safeParse({ ...process.env, ...mapEmpty(empty) })
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || 'env'}: ${i.message}`)
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  const env = result.data
  cached = { ...env, SESSION_SECRET: env.SESSION_SECRET ?? loadOrCreateSecret(env.DATABASE_PATH) }
  return cached
}

function mapEmpty(vars: Record<string, string | undefined>) {
  return Object.fromEntries(Object.keys(vars).map((key) => [key, undefined]))
}

/** With no SESSION_SECRET, one is generated once and kept beside the database. */
function loadOrCreateSecret(databasePath: string) {
  const file = path.join(path.dirname(path.resolve(databasePath)), '.session-secret')
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const secret = crypto.randomBytes(32).toString('hex')
  fs.writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

export const isProduction = () => getEnv().NODE_ENV === 'production'
