import { TagColorSchema, TagNameSchema } from '#app/domain/contacts/contact-schema.ts'
import { z } from '#app/utils/validation.ts'

/** The "Nova tag" / "Editar tag" form (client and server). */
export const TagEditorSchema = z.object({
  name: TagNameSchema.transform((name) => name.normalize('NFC').replace(/\s+/g, ' ')),
  color: TagColorSchema.transform((color) => color.toLowerCase()),
})

export type TagEditorInput = z.input<typeof TagEditorSchema>
