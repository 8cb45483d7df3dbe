/**
 * Sets a user's password from the command line (and re-enables the user; their sessions end):
 *   npm run reset-password -- --email ana@example.com --password 'n3w-pass' [--company <id>]
 * --company is needed only when the e-mail exists in more than one company.
 * Uses DATABASE_PATH like the server and applies pending migrations first.
 */
import { parseArgs } from 'node:util'
import { DomainError } from '#app/domain/errors.ts'
import { resetPasswordByEmail } from '#app/domain/users/users.server.ts'
import en from '#app/locales/en.ts'
import { migrateDatabase, openDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { EmailSchema, parseMessage, PasswordSchema, z } from '#app/utils/validation.ts'

const USAGE =
  'Usage: npm run reset-password -- --email <e-mail> --password <new password> [--company <id>]'

const ArgsSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  company: z.string().trim().min(1).optional(),
})

/** Turns an i18n key ("validation.tooShort|{"count":8}" or a DomainError code) into English. */
function explain(message: string, extra?: Record<string, unknown>) {
  const [key, params] = parseMessage(message)
  const text = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en)
  if (typeof text !== 'string') return message
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    String({ ...params, ...extra }[name] ?? ''),
  )
}

function fail(message: string): never {
  console.error(`reset-password: ${message}`)
  process.exit(1)
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        company: { type: 'string' },
      },
      strict: true,
    }).values
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`)
  }
}

const parsed = ArgsSchema.safeParse(readArgs())
if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${explain(i.message)}`)
  fail(`${problems.join('; ')}\n${USAGE}`)
}
const input = parsed.data

const db = openDatabase(getEnv().DATABASE_PATH)
try {
  migrateDatabase(db)
  const user = await resetPasswordByEmail(db, input.email, input.password, input.company)
  console.log(
    `Password reset for ${input.email} (user ${user.id}, company ${user.companyId}); the user is active and their sessions ended.`,
  )
} catch (error) {
  if (!(error instanceof DomainError)) throw error
  console.error(`reset-password: ${explain(error.code, error.params)} (${error.message})`)
  process.exitCode = 1
} finally {
  db.$client.close()
}
