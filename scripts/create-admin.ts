/**
 * Creates an admin user from the command line:
 *   npm run create-admin -- --email ana@example.com --password 's3cret-pass' --name 'Ana' [--company <id>]
 * Without --company the user joins the default (first) company, which is created when missing.
 * Uses DATABASE_PATH like the server and applies pending migrations first.
 */
import { parseArgs } from 'node:util'
import { systemActor } from '#app/domain/actor.ts'
import {
  createFirstAdmin,
  ensureDefaultCompany,
  getCompany,
} from '#app/domain/companies/companies.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { createUser } from '#app/domain/users/users.server.ts'
import en from '#app/locales/en.ts'
import { migrateDatabase, openDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { EmailSchema, NameSchema, parseMessage, PasswordSchema, z } from '#app/utils/validation.ts'

const USAGE =
  'Usage: npm run create-admin -- --email <e-mail> --password <password> --name <name> [--company <id>]'

const ArgsSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  name: NameSchema,
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
  console.error(`create-admin: ${message}`)
  process.exit(1)
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
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
  // On a fresh installation the first admin is also the super-admin (like /setup would make).
  const first = input.company ? null : await createFirstAdmin(db, input)
  const company =
    first?.company ??
    (input.company ? getCompany(db, systemActor(input.company)) : ensureDefaultCompany(db))
  const user =
    first?.user ??
    (await createUser(db, systemActor(company.id), {
      name: input.name,
      email: input.email,
      password: input.password,
      role: 'admin',
      allTickets: true,
      queueIds: [],
      theme: 'light',
      language: 'pt-BR',
      signature: true,
      active: true,
      avatar: undefined,
      removeAvatar: false,
    }))
  console.log(
    `Created ${first ? 'the first admin (super-admin)' : 'admin'} ${user.name} <${user.email}> (user ${user.id}) in company "${company.name}" (${company.id}).`,
  )
} catch (error) {
  if (!(error instanceof DomainError)) throw error
  console.error(`create-admin: ${explain(error.code, error.params)} (${error.message})`)
  process.exitCode = 1
} finally {
  db.$client.close()
}
