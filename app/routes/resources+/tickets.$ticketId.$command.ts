import { type ActionFunctionArgs } from '@remix-run/node'
import {
  acceptTicket,
  announceTyping,
  closeTicket,
  openConversation,
  reopenTicket,
  returnTicketToQueue,
  transferTicket,
  updateTicketObservations,
} from '#app/domain/tickets/actions.server.ts'
import { retryMessage } from '#app/domain/messages/send.server.ts'
import { type Actor } from '#app/domain/actor.ts'
import { jsonError, resourceData } from '#app/utils/api.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

type Form = (name: string) => string

/** Ticket commands of the panel: one thin line each, the rules live in the tickets domain. */
const COMMANDS: Record<string, (actor: Actor, ticketId: string, field: Form) => unknown> = {
  accept: (actor, id) => acceptTicket(db, actor, id),
  transfer: (actor, id, field) =>
    transferTicket(db, actor, id, {
      userId: field('userId') || null,
      queueId: field('queueId') || null,
      note: field('note'),
    }),
  close: (actor, id, field) =>
    closeTicket(db, actor, id, {
      sendFarewell: field('farewell') === 'on' || field('farewell') === 'true',
    }),
  reopen: (actor, id) => reopenTicket(db, actor, id),
  return: (actor, id) => returnTicketToQueue(db, actor, id),
  read: (actor, id) => openConversation(db, actor, id),
  typing: (actor, id, field) =>
    announceTyping(
      db,
      actor,
      id,
      field('presence') === 'recording'
        ? 'recording'
        : field('presence') === 'paused'
          ? 'paused'
          : 'composing',
    ),
  observations: (actor, id, field) =>
    updateTicketObservations(db, actor, id, field('observations')),
  retry: (actor, _id, field) => retryMessage(db, actor, field('messageId')),
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const command = COMMANDS[params.command ?? '']
  if (!command) throw jsonError(404, 'Unknown command')
  const form = await readForm(request)
  const field: Form = (name) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  try {
    await command(actor, params.ticketId ?? '', field)
  } catch (error) {
    // The panel shows why (translated from the code) and nothing changed.
    if (error instanceof DomainError)
      return resourceData(
        { ok: false, error: error.code, params: error.params },
        { status: error.status },
      )
    throw error
  }
  return resourceData({ ok: true })
}
