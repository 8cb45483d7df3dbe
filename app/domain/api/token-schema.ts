import { NameSchema, z } from '#app/utils/validation.ts'
import { API_SCOPES } from '#db/schema/api.ts'

/** Administração › API: the "Novo token" form (shared by the dialog and the page's action). */
export const ApiTokenFormSchema = z.object({
  intent: z.literal('create'),
  name: NameSchema.pipe(z.string().max(60)),
  scopes: z.array(z.enum(API_SCOPES)).min(1, { message: 'api.tokens.noScope' }).default([]),
})

/** The revoke button's form. */
export const ApiTokenRevokeSchema = z.object({
  intent: z.literal('revoke'),
  tokenId: z.string().min(1),
})

export { API_SCOPES }
