import { cn, initials } from '#app/utils/misc.ts'
import { Avatar, AvatarFallback, AvatarImage } from './ui/avatar.tsx'

export function avatarUrl(user: { id: string; avatarFile: string | null }) {
  return user.avatarFile
    ? `/resources/avatars/${user.id}?v=${encodeURIComponent(user.avatarFile)}`
    : undefined
}

/** A user's photo (or initials), with an optional presence dot. */
export function UserAvatar({
  user,
  online,
  className,
}: {
  user: { id: string; name: string; avatarFile: string | null }
  online?: boolean
  className?: string
}) {
  const src = avatarUrl(user)
  return (
    <span className="relative inline-flex">
      <Avatar className={cn(className)}>
        {src ? <AvatarImage src={src} alt="" /> : null}
        <AvatarFallback>{initials(user.name)}</AvatarFallback>
      </Avatar>
      {online === undefined ? null : (
        <span
          data-testid="presence-dot"
          data-online={online}
          className={cn(
            'border-card absolute -right-0.5 -bottom-0.5 size-3 rounded-full border-2',
            online ? 'bg-success' : 'bg-muted-foreground/40',
          )}
        />
      )}
    </span>
  )
}
