import { NameSchema, msg, z } from '#app/utils/validation.ts'

export const QueueEditorSchema = z.object({
  id: z.string().optional(),
  name: NameSchema.pipe(z.string().max(60)),
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: msg('color') }),
  order: z.coerce.number().int().min(0).max(999).default(0),
})

export type QueueInput = z.infer<typeof QueueEditorSchema>
