import {
  fillQuickReplyVariables,
  QUICK_REPLY_VARIABLES,
  type QuickReplyContext,
} from '#app/domain/quick-replies/variables.ts'

/** Every variable of the automatic messages, in the order the forms list them. */
export const BOT_VARIABLES = [...QUICK_REPLY_VARIABLES, 'fila', 'atendente'] as const

export type BotVariableContext = QuickReplyContext & {
  queueName?: string | null
  agentName?: string | null
}

/**
 * Fills {{nome}}, {{primeiro_nome}}, {{saudacao}}, {{protocolo}}, {{fila}} and {{atendente}} in an
 * automatic message. Unlike a quick reply (which the agent still reads before sending), nothing
 * may reach the customer as a raw "{{…}}": a variable without a value becomes empty.
 */
export function fillBotVariables(text: string, context: BotVariableContext) {
  const extra: Record<string, string> = {
    fila: context.queueName?.trim() ?? '',
    atendente: context.agentName?.trim() ?? '',
  }
  const filled = fillQuickReplyVariables(
    text.replace(
      /\{\{\s*(fila|atendente)\s*\}\}/gi,
      (_, name: string) => extra[name.toLowerCase()] ?? '',
    ),
    context,
  )
  const known = new RegExp(`\\{\\{\\s*(${QUICK_REPLY_VARIABLES.join('|')})\\s*\\}\\}`, 'gi')
  return filled.replace(known, '')
}
