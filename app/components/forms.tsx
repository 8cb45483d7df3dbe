import { useInputControl } from '@conform-to/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { cn } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { Checkbox, type CheckboxProps } from './ui/checkbox.tsx'
import { Input, NativeSelect, Textarea } from './ui/input.tsx'
import { Label } from './ui/label.tsx'

export type ListOfErrors = Array<ErrorMessage | string | null | undefined> | null | undefined

/** Errors are `{ key, params }` (see utils/validation.ts), or a bare key; translated here. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const { t } = useTranslation()
  const list = errors
    ?.filter((error): error is ErrorMessage | string => Boolean(error))
    .map((error) => (typeof error === 'string' ? { key: error } : error))
  if (!list?.length) return null
  return (
    <ul id={id} className="flex flex-col gap-1">
      {list.map(({ key, params }) => {
        const text = t(key, params)
        return (
          <li key={text} className="text-destructive text-xs">
            {text}
          </li>
        )
      })}
    </ul>
  )
}

type FieldShellProps = {
  label: React.ReactNode
  hint?: React.ReactNode
  errors?: ListOfErrors
  className?: string
}

function useFieldIds(id: string | undefined, errors: ListOfErrors) {
  const fallback = useId()
  const inputId = id ?? fallback
  const errorId = errors?.length ? `${inputId}-error` : undefined
  return { inputId, errorId }
}

function FieldShell({
  label,
  hint,
  errors,
  className,
  inputId,
  errorId,
  children,
}: FieldShellProps & { inputId: string; errorId?: string; children: React.ReactNode }) {
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <Label htmlFor={inputId}>{label}</Label>
      {children}
      {hint ? <p className="text-muted-foreground text-xs">{hint}</p> : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

export function Field({
  labelProps,
  inputProps,
  errors,
  hint,
  className,
}: {
  labelProps: { children: React.ReactNode }
  inputProps: React.InputHTMLAttributes<HTMLInputElement>
  errors?: ListOfErrors
  hint?: React.ReactNode
  className?: string
}) {
  const { inputId, errorId } = useFieldIds(inputProps.id, errors)
  return (
    <FieldShell
      label={labelProps.children}
      hint={hint}
      errors={errors}
      className={className}
      inputId={inputId}
      errorId={errorId}
    >
      <Input
        id={inputId}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        {...inputProps}
      />
    </FieldShell>
  )
}

export function TextareaField({
  labelProps,
  textareaProps,
  errors,
  hint,
  className,
}: {
  labelProps: { children: React.ReactNode }
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement>
  errors?: ListOfErrors
  hint?: React.ReactNode
  className?: string
}) {
  const { inputId, errorId } = useFieldIds(textareaProps.id, errors)
  return (
    <FieldShell
      label={labelProps.children}
      hint={hint}
      errors={errors}
      className={className}
      inputId={inputId}
      errorId={errorId}
    >
      <Textarea
        id={inputId}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        {...textareaProps}
      />
    </FieldShell>
  )
}

export function SelectField({
  labelProps,
  selectProps,
  options,
  errors,
  hint,
  className,
}: {
  labelProps: { children: React.ReactNode }
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement>
  options: Array<{ value: string; label: string }>
  errors?: ListOfErrors
  hint?: React.ReactNode
  className?: string
}) {
  const { inputId, errorId } = useFieldIds(selectProps.id, errors)
  return (
    <FieldShell
      label={labelProps.children}
      hint={hint}
      errors={errors}
      className={className}
      inputId={inputId}
      errorId={errorId}
    >
      <NativeSelect
        id={inputId}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        {...selectProps}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </FieldShell>
  )
}

/** A Radix checkbox wired to conform (it is not a native input). */
export function CheckboxField({
  labelProps,
  buttonProps,
  errors,
  hint,
  className,
}: {
  labelProps: { children: React.ReactNode }
  buttonProps: CheckboxProps & { name: string; form: string; value?: string }
  errors?: ListOfErrors
  hint?: React.ReactNode
  className?: string
}) {
  const { key, defaultChecked, ...checkboxProps } = buttonProps
  const { inputId, errorId } = useFieldIds(buttonProps.id, errors)
  const checkedValue = buttonProps.value ?? 'on'
  const input = useInputControl({
    key,
    name: buttonProps.name,
    formId: buttonProps.form,
    initialValue: defaultChecked ? checkedValue : undefined,
  })
  return (
    <div className={cn('flex flex-col gap-1', className)}>
      <div className="flex items-start gap-2">
        <Checkbox
          {...checkboxProps}
          id={inputId}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          checked={input.value === checkedValue}
          onCheckedChange={(state) => {
            input.change(state.valueOf() ? checkedValue : '')
            buttonProps.onCheckedChange?.(state)
          }}
          onFocus={(event) => {
            input.focus()
            buttonProps.onFocus?.(event)
          }}
          onBlur={(event) => {
            input.blur()
            buttonProps.onBlur?.(event)
          }}
          type="button"
        />
        <div className="grid gap-1">
          <Label htmlFor={inputId} className="leading-4">
            {labelProps.children}
          </Label>
          {hint ? <p className="text-muted-foreground text-xs">{hint}</p> : null}
        </div>
      </div>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
