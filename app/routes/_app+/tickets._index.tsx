import { MessagesSquare } from 'lucide-react'
import { useTranslation } from 'react-i18next'

/** No ticket open yet: the conversation area invites to pick one. */
export default function NoTicketSelected() {
  const { t } = useTranslation()
  return (
    <div className="bg-muted/30 text-muted-foreground flex h-full flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <MessagesSquare className="size-10" />
      <p>{t('panel.selectTicket')}</p>
    </div>
  )
}
