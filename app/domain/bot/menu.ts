/**
 * The numbered menus the bot sends ("*1* - Vendas") and the reading of the customer's answer.
 * Pure: used by the bot engine and by the admin previews, so both show the same text.
 */

/** The intro (trimmed), a blank line, then one `*n* - Title` line per entry in the given order. */
export function renderMenu(
  intro: string | null | undefined,
  entries: ReadonlyArray<{ title: string }>,
): string {
  const lines = entries.map((entry, index) => `*${index + 1}* - ${entry.title.trim()}`).join('\n')
  const head = intro?.trim()
  if (!head) return lines
  if (!lines) return head
  return `${head}\n\n${lines}`
}

const OPTION_PATTERN = /^(?:op[çc][ãa]o\s*)?\*?(\d{1,3})\*?\s*[.)\-:]?$/iu

/**
 * The 0-based index of the option the customer picked among `count`, or null. Accepts "2", " 2 ",
 * "2.", "2)", "*2*", "opção 2", "opcao 2"; anything else (text, out of range, "0") is null.
 */
export function pickOption(text: string, count: number): number | null {
  const match = OPTION_PATTERN.exec(text.normalize('NFC').trim())
  if (!match) return null
  const number = Number(match[1])
  if (!Number.isInteger(number) || number < 1 || number > count) return null
  return number - 1
}
