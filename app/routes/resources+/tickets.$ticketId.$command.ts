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
import { answer, formInput, jsonError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

const NoInput = z.object({})

/** Each command: the schema of its form and one thin line; the rules live in the tickets domain. */
function command<S extends z.ZodTypeAny>(
  schema: S,
  run: (actor: Actor, ticketId: string, input: z.output<S>) => unknown,
) {
  return { schema, run }
}

const COMMANDS: Record<string, ReturnType<typeof command>> = {
  accept: command(NoInput, (actor, id) => acceptTicket(db, actor, id)),
  transfer: command(
    z.object({
      userId: z.string().optional(),
      queueId: z.string().optional(),
      note: z.string().optional(),
    }),
    (actor, id, input) =>
      transferTicket(db, actor, id, {
        userId: input.userId ?? null,
        queueId: input.queueId ?? null,
        note: input.note ?? '',
      }),
  ),
  close: command(
    z.object({
      farewell: z
        .string()
        .optional()
        .transform((value) => value === 'on' || value === 'true'),
    }),
    (actor, id, input) => closeTicket(db, actor, id, { sendFarewell: input.farewell }),
  ),
  reopen: command(NoInput, (actor, id) => reopenTicket(db, actor, id)),
  return: command(NoInput, (actor, id) => returnTicketToQueue(db, actor, id)),
  read: command(NoInput, (actor, id) => openConversation(db, actor, id)),
  typing: command(
    z.object({ presence: z.enum(['composing', 'recording', 'paused']).catch('composing') }),
    (actor, id, input) => announceTyping(db, actor, id, input.presence),
  ),
  observations: command(z.object({ observations: z.string().optional() }), (actor, id, input) =>
    updateTicketObservations(db, actor, id, input.observations ?? ''),
  ),
  retry: command(z.object({ messageId: z.string() }), (actor, _id, input) =>
    retryMessage(db, actor, input.messageId),
  ),
}

/** The ticket commands of the panel: `{ ok: true }` or the refusal the panel toasts. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const command = COMMANDS[params.command ?? '']
  if (!command) throw jsonError(404, 'errors.notFound')
  const form = await readForm(request)
  return answer(async () => {
    await command.run(actor, params.ticketId ?? '', formInput(form, command.schema))
  })
}
