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
