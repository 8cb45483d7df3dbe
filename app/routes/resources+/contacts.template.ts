import { type LoaderFunctionArgs } from '@remix-run/node'
import { writeTemplateWorkbook } from '#app/domain/contacts/import.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { i18next } from '#app/utils/i18n.server.ts'
import { xlsxResponse } from './__xlsx.server.ts'

/** The import template (.xlsx): the columns the import knows and one example row. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const t = await i18next.getFixedT(request)
  return xlsxResponse(`${t('contacts.import.template').replace(/ \(.*\)$/, '')}.xlsx`, (out) =>
    writeTemplateWorkbook((key, params) => t(key, params), out),
  )
}
