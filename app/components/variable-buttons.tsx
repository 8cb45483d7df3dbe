import { useTranslation } from 'react-i18next'
import { BOT_VARIABLES } from '#app/domain/bot/variables.ts'

/** Puts a variable at the cursor of a message box (and lets conform and previews see it). */
export function insertAtCursor(textareaId: string, text: string) {
  const textarea = document.getElementById(textareaId)
  if (!(textarea instanceof HTMLTextAreaElement)) return
  textarea.focus()
  textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end')
  textarea.dispatchEvent(new Event('input', { bubbles: true }))
}

/**
 * The variables of the automatic messages ({{nome}} … {{atendente}}) under a message box; a click
 * inserts one at the cursor of the textarea `target` (its id).
 */
export function VariableButtons({ target }: { target: string }) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <span className="text-muted-foreground text-xs">{t('bot.fields.variables')}:</span>
      {BOT_VARIABLES.map((variable) => {
        const token = `{{${variable}}}`
        const description =
          variable === 'fila' || variable === 'atendente'
            ? t(`bot.fields.${variable}`)
            : t(`quickReplies.variables.${variable}`)
        return (
          <button
            key={variable}
            type="button"
            className="bg-card hover:bg-accent rounded border px-1.5 py-0.5 font-mono text-xs"
            title={description}
            aria-label={t('bot.fields.insertVariable', { variable: token })}
            onClick={() => insertAtCursor(target, token)}
          >
            {token}
          </button>
        )
      })}
    </div>
  )
}
