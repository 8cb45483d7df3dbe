import { type Role } from '#db/schema/users.ts'

/** Who is acting: every domain function receives one and filters by it. */
export type Actor = {
  userId: string
  companyId: string
  role: Role
  /** Queues the user works in; agents only see tickets of these. */
  queueIds: string[]
  /** Sees every ticket of the company: seesAllTickets(user), computed once by toActor (ADR 009). */
  allTickets: boolean
  isSuperAdmin: boolean
  name: string
}

/** The system acting on behalf of a company (jobs, start-up tasks). */
export function systemActor(companyId: string): Actor {
  return {
    userId: 'system',
    companyId,
    role: 'admin',
    queueIds: [],
    allTickets: true,
    isSuperAdmin: false,
    name: 'Sistema',
  }
}

export const isAdmin = (actor: Pick<Actor, 'role'>) => actor.role === 'admin'

/**
 * Whether an admin may change this user (edit, disable, delete, set a password). A super-admin
 * (who sees every company) is changed only by a super-admin: otherwise an admin of the company
 * could set that password, log in as them and reach every other company. The one rule: the domain
 * checks it on every change, and the Usuários list and editor use it to offer (or not) the buttons.
 */
export function canManageUser(
  actor: Pick<Actor, 'isSuperAdmin'>,
  target: { isSuperAdmin: boolean },
) {
  return !target.isSuperAdmin || actor.isSuperAdmin
}
