import { PassThrough, Readable, type Writable } from 'node:stream'
import { logger } from '#app/utils/logger.server.ts'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A download written as it is produced (exceljs streaming writer → response body). */
export function xlsxResponse(fileName: string, write: (out: Writable) => Promise<void>) {
  const out = new PassThrough()
  write(out)
    .then(() => out.end())
    .catch((error: unknown) => {
      logger.error({ err: error, fileName }, 'writing a spreadsheet failed')
      out.destroy(error as Error)
    })
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
