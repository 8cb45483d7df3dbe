import { Star } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/badge.tsx'
import { npsGroup } from '#app/domain/bot/rating.ts'
import { cn } from '#app/utils/misc.ts'

const GROUP_STYLE = {
  promoter: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  passive: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  detractor: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
} as const

/** The customer's 0–10 rating of a ticket: five stars (score / 2) and the NPS group. */
export function TicketRating({
  score,
  status,
}: {
  score: number | null
  status: 'pending' | 'rated' | 'expired' | null
}) {
  const { t } = useTranslation()
  if (score === null && status !== 'pending' && status !== 'expired') return null
  return (
    <section className="flex flex-col gap-1.5" data-testid="ticket-rating">
      <p className="text-muted-foreground text-xs font-semibold uppercase">
        {t('bot.rating.title')}
      </p>
      {score === null ? (
        <p className="text-muted-foreground text-sm">
          {t(status === 'pending' ? 'bot.rating.pending' : 'bot.rating.expired')}
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <span className="flex" role="img" aria-label={t('bot.rating.score', { score })}>
            {[0, 1, 2, 3, 4].map((index) => {
              const fill = Math.max(0, Math.min(1, score / 2 - index))
              return (
                <span key={index} className="relative size-4" aria-hidden>
                  <Star className="text-muted-foreground/40 absolute inset-0 size-4" />
                  <span
                    className="absolute inset-0 overflow-hidden"
                    style={{ width: `${fill * 100}%` }}
                  >
                    <Star className="size-4 fill-amber-400 text-amber-500" />
                  </span>
                </span>
              )
            })}
          </span>
          <span className="text-sm font-semibold tabular-nums">{score}/10</span>
          <Badge className={cn('border-transparent', GROUP_STYLE[npsGroup(score)])}>
            {t(`bot.rating.${npsGroup(score)}`)}
          </Badge>
        </div>
      )}
    </section>
  )
}
