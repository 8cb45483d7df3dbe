import { msg, z } from '#app/utils/validation.ts'

export const TAG_NAME_MAX = 40

export const TAG_TARGETS = ['ticket', 'contact'] as const
export type TagTarget = (typeof TAG_TARGETS)[number]

/** How two tag names compare: case, composition of accents and spacing do not make a new tag. */
export const foldTagName = (name: string) =>
  name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('pt-BR')

export const TagNameSchema = z.string().trim().min(1).max(TAG_NAME_MAX)

export const TagColorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: msg('color') })

/** Readable on white text, in light and dark themes. */
export const TAG_PALETTE = [
  '#dc2626',
  '#ea580c',
  '#d97706',
  '#16a34a',
  '#0d9488',
  '#0284c7',
  '#2563eb',
  '#7c3aed',
  '#c026d3',
  '#db2777',
  '#64748b',
]

export function colorFor(name: string) {
  let hash = 0
  for (const char of foldTagName(name)) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return TAG_PALETTE[hash % TAG_PALETTE.length]!
}

/** The "Nova tag" / "Editar tag" form (client and server). */
export const TagEditorSchema = z.object({
  name: TagNameSchema.transform((name) => name.normalize('NFC').replace(/\s+/g, ' ')),
  color: TagColorSchema.transform((color) => color.toLowerCase()),
})

export type TagEditorInput = z.input<typeof TagEditorSchema>
