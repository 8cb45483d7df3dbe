import { type LoaderFunctionArgs } from '@remix-run/node'
import { getImport, writeBadRowsWorkbook } from '#app/domain/contacts/import.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { i18next } from '#app/utils/i18n.server.ts'
import { xlsxResponse } from './__xlsx.server.ts'

/** The rows of an import that were skipped, each with its reason (.xlsx). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const row = await orHttpError(() => getImport(db, actor, params.importId ?? ''))
  const t = await i18next.getFixedT(request)
  const base = row.fileName.replace(/\.(xlsx|csv)$/i, '')
  return xlsxResponse(`${base} - ${t('contacts.import.badRowsSheet')}.xlsx`, (out) =>
    writeBadRowsWorkbook(db, actor, row.id, (key, p) => t(key, p), out),
  )
}
