import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { Loader2 } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Field } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { PairingCodeSchema } from '#app/domain/connections/connection-schema.ts'
import { usePendingIntent } from './connection-confirm.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** The live QR code (drawn by the loader) and how to scan it. */
export function QrPanel({ qrImage }: { qrImage: string | null }) {
  const { t } = useTranslation()
  return (
    <div className="grid items-center gap-6 sm:grid-cols-[auto_1fr]">
      <div className="mx-auto rounded-lg border bg-white p-2 shadow-xs">
        {qrImage ? (
          <img
            src={qrImage}
            alt={t('connections.qr.alt')}
            width={264}
            height={264}
            className="size-[264px]"
            data-testid="qr-code"
          />
        ) : (
          <div className="flex size-[264px] items-center justify-center">
            <Loader2 className="size-8 animate-spin text-slate-400" aria-hidden />
          </div>
        )}
      </div>
      <div className="flex flex-col gap-3">
        <h3 className="font-semibold">{t('connections.qr.title')}</h3>
        <ol className="flex list-decimal flex-col gap-1.5 pl-5 text-sm">
          <li>{t('connections.qr.step1')}</li>
          <li>{t('connections.qr.step2')}</li>
          <li>{t('connections.qr.step3')}</li>
          <li>{t('connections.qr.step4')}</li>
        </ol>
        <p className="text-muted-foreground text-xs">{t('connections.qr.refreshes')}</p>
      </div>
    </div>
  )
}

/** Pairing by phone number: WhatsApp answers with an 8-character code to type on the phone. */
export function PairingForm({ lastResult }: { lastResult?: SubmissionResult<ErrorMessage[]> }) {
  const { t } = useTranslation()
  const pending = usePendingIntent() === 'pair'
  const [form, fields] = useForm({
    id: 'pairing-code',
    constraint: getZodConstraint(PairingCodeSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, PairingCodeSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="flex flex-col gap-3 border-t pt-5">
      <div>
        <h3 className="font-semibold">{t('connections.pair.title')}</h3>
        <p className="text-muted-foreground text-sm">{t('connections.pair.description')}</p>
      </div>
      <Form
        method="POST"
        className="flex flex-col gap-2 sm:flex-row sm:items-start"
        {...getFormProps(form)}
      >
        <input type="hidden" name="intent" value="pair" />
        <Field
          className="flex-1"
          labelProps={{ children: t('connections.pair.phone') }}
          inputProps={{
            ...getInputProps(fields.phone, { type: 'tel' }),
            placeholder: t('connections.pair.placeholder'),
            autoComplete: 'off',
          }}
          errors={fields.phone.errors}
        />
        <StatusButton
          type="submit"
          variant="outline"
          pending={pending}
          className="sm:mt-[1.375rem]"
        >
          {t('connections.pair.submit')}
        </StatusButton>
      </Form>
    </div>
  )
}

export function PairingCodePanel({ code }: { code: string | null }) {
  const { t } = useTranslation()
  const shown = code && code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code
  return (
    <div className="flex flex-col items-center gap-3 py-4 text-center">
      <h3 className="font-semibold">{t('connections.pair.codeTitle')}</h3>
      <p
        className="bg-muted rounded-lg px-6 py-4 font-mono text-4xl font-semibold tracking-[0.2em] sm:text-5xl"
        data-testid="pairing-code"
      >
        {shown}
      </p>
      <p className="text-muted-foreground max-w-md text-sm">{t('connections.pair.codeSteps')}</p>
    </div>
  )
}
