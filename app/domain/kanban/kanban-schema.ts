import { TagColorSchema } from '#app/domain/tags/tag-schema.ts'
import { z } from '#app/utils/validation.ts'

export const STAGE_NAME_MAX = 40

/** Create / rename / recolour a funnel stage (client and server). */
export const StageEditorSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(STAGE_NAME_MAX)
    .transform((name) => name.normalize('NFC').replace(/\s+/g, ' ')),
  color: TagColorSchema.transform((color) => color.toLowerCase()),
})

export type StageEditorInput = z.input<typeof StageEditorSchema>

/** The funnel every new company starts with (data, shown as typed). */
export const DEFAULT_STAGES = [
  { name: 'Novo', color: '#64748b' },
  { name: 'Em atendimento', color: '#0284c7' },
  { name: 'Aguardando resposta', color: '#d97706' },
  { name: 'Concluído', color: '#16a34a' },
] as const

/** Colours offered for stages (readable with white text in both themes). */
export const STAGE_COLORS = [
  '#64748b',
  '#0284c7',
  '#2563eb',
  '#7c3aed',
  '#c026d3',
  '#db2777',
  '#dc2626',
  '#ea580c',
  '#d97706',
  '#16a34a',
  '#0d9488',
] as const

/** Filters of the board (all optional). */
export type BoardFilter = { queueId?: string | null; userId?: string | null; tagId?: string | null }
