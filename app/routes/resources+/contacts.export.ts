import { type LoaderFunctionArgs } from '@remix-run/node'
import { writeContactsWorkbook } from '#app/domain/contacts/export.server.ts'
import { contactFilterFromParams } from '#app/domain/contacts/list.server.ts'
import { assertCanManageContacts } from '#app/domain/contacts/manage.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { i18next } from '#app/utils/i18n.server.ts'
import { xlsxResponse } from './__xlsx.server.ts'

/** "Exportar": the contacts of the list's current filter as .xlsx (admins and supervisors). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request)
  await orHttpError(() => assertCanManageContacts(actor))
  const filter = contactFilterFromParams(new URL(request.url).searchParams)
  const t = await i18next.getFixedT(request)
  const date = new Date().toISOString().slice(0, 10)
  return xlsxResponse(`${t('contacts.title')} ${date}.xlsx`, (out) =>
    writeContactsWorkbook(db, actor, filter, (key, params) => t(key, params), out, {
      timeZone: company.timeZone,
    }),
  )
}
