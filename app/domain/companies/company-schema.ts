import { EmailSchema, msg, NameSchema, PasswordSchema, z } from '#app/utils/validation.ts'

const limit = z.preprocess(
  (value) => (value === '' || value === undefined || value === null ? null : value),
  z.coerce.number().int().min(1).max(100_000).nullable(),
)

export const timeZones = () => Intl.supportedValuesOf('timeZone')

const TimeZoneSchema = z
  .string()
  .refine((value) => timeZones().includes(value) || value === 'UTC', { message: msg('timeZone') })

const companyFields = {
  name: NameSchema,
  timeZone: TimeZoneSchema,
  maxUsers: limit,
  maxConnections: limit,
  maxQueues: limit,
}

export const CompanyEditorSchema = z.object({ id: z.string().optional(), ...companyFields })

export const NewCompanySchema = z.object({
  ...companyFields,
  adminName: NameSchema,
  adminEmail: EmailSchema,
  adminPassword: PasswordSchema,
})

export type CompanyInput = z.infer<typeof CompanyEditorSchema>
export type NewCompanyInput = z.infer<typeof NewCompanySchema>
