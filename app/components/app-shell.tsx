import {
  NavLink,
  useNavigate,
  useNavigation,
  useRevalidator,
  useRouteLoaderData,
  useSubmit,
} from '@remix-run/react'
import {
  Building2,
  Contact,
  CalendarClock,
  Settings,
  MessagesSquare,
  MessageSquareText,
  FlaskConical,
  ChevronsLeft,
  ListTree,
  ChevronsRight,
  Home,
  KeyRound,
  Webhook,
  LogOut,
  Menu,
  Smartphone,
  SquareKanban,
  Tags,
  UserCog,
  Users,
  WifiOff,
} from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { type RootLoader } from '#app/root.tsx'
import { cn } from '#app/utils/misc.ts'
import { useLiveConnected, useLiveEvents } from './live-events.tsx'
import {
  NotificationToggle,
  type TicketCounts,
  TicketCountsContext,
  useTicketCounts,
} from './notifications.tsx'
import { type TicketViewer } from './tickets/live-tickets.ts'
import { Logo } from './logo.tsx'
import { LanguageSwitch, ThemeSwitch } from './preference-switches.tsx'
import { Button } from './ui/button.tsx'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from './ui/dropdown-menu.tsx'
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from './ui/sheet.tsx'
import { UserAvatar } from './user-avatar.tsx'
import { WebhookTurnedOffNotice } from './webhooks/webhook-turned-off-notice.tsx'

type NavItem = {
  to: string
  label: string
  icon: React.ComponentType<{ className?: string }>
  end?: boolean
  badge?: number
  /** Something there needs an admin's attention: a red dot, and this text for screen readers. */
  alert?: string
}
type NavSection = { label?: string; items: NavItem[] }

/** The modules this user may open, with the seed's names. Each module adds itself as it lands. */
function useNavSections(counts: TicketCounts, webhooksOff: number): NavSection[] {
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const user = root?.user
  const sections: NavSection[] = [
    {
      items: [
        { to: '/', label: t('nav.home'), icon: Home, end: true },
        {
          to: '/tickets',
          label: t('nav.tickets'),
          icon: MessagesSquare,
          badge: counts.pending + counts.unread,
        },
        { to: '/quick-replies', label: t('quickReplies.nav'), icon: MessageSquareText },
        { to: '/contacts', label: t('contacts.nav'), icon: Contact },
        { to: '/kanban', label: t('kanban.nav'), icon: SquareKanban },
        { to: '/tags', label: t('tags.nav'), icon: Tags },
        { to: '/schedules', label: t('schedules.nav'), icon: CalendarClock },
      ],
    },
  ]
  const admin: NavItem[] = []
  if (user?.role === 'admin') {
    admin.push({ to: '/admin/users', label: t('nav.users'), icon: Users })
    admin.push({ to: '/admin/queues', label: t('nav.queues'), icon: ListTree })
    admin.push({ to: '/admin/connections', label: t('nav.connections'), icon: Smartphone })
    admin.push({ to: '/admin/api', label: t('api.nav'), icon: KeyRound })
    admin.push({
      to: '/admin/integrations',
      label: t('webhooks.nav'),
      icon: Webhook,
      alert: webhooksOff ? t('webhooks.navAlert', { count: webhooksOff }) : undefined,
    })
    admin.push({ to: '/admin/settings', label: t('nav.settings'), icon: Settings })
    if (root?.features.simulator)
      admin.push({ to: '/simulator', label: t('nav.simulator'), icon: FlaskConical })
  }
  if (user?.isSuperAdmin)
    admin.push({ to: '/admin/companies', label: t('nav.companies'), icon: Building2 })
  if (admin.length) sections.push({ label: t('nav.administration'), items: admin })
  return sections
}

function NavList({
  collapsed,
  counts,
  webhooksOff,
  onNavigate,
}: {
  collapsed: boolean
  counts: TicketCounts
  webhooksOff: number
  onNavigate?: () => void
}) {
  const sections = useNavSections(counts, webhooksOff)
  return (
    <nav className="flex flex-1 flex-col gap-5 overflow-y-auto px-3 py-4" aria-label="Menu">
      {sections.map((section, index) => (
        <div key={section.label ?? index} className="flex flex-col gap-1">
          {section.label && !collapsed ? (
            <p className="text-muted-foreground px-2 pb-1 text-xs font-semibold tracking-wide uppercase">
              {section.label}
            </p>
          ) : null}
          {section.items.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.end}
              onClick={onNavigate}
              title={collapsed ? item.label : undefined}
              className={({ isActive }) =>
                cn(
                  'text-sidebar-foreground hover:bg-sidebar-accent flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium transition-colors',
                  isActive && 'bg-sidebar-accent text-accent-foreground',
                  collapsed && 'justify-center',
                )
              }
            >
              <span className="relative">
                <item.icon className="size-4 shrink-0" />
                {item.alert ? (
                  <span
                    className="bg-destructive absolute -top-1 -right-1 size-2 rounded-full"
                    title={item.alert}
                    data-testid="nav-alert"
                  />
                ) : null}
              </span>
              {collapsed ? (
                <span className="sr-only">{item.label}</span>
              ) : (
                <span>{item.label}</span>
              )}
              {item.alert ? <span className="sr-only">{item.alert}</span> : null}
            </NavLink>
          ))}
        </div>
      ))}
    </nav>
  )
}

function UserMenu({ compact }: { compact: boolean }) {
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const submit = useSubmit()
  const user = root?.user
  if (!user) return null
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          type="button"
          className="hover:bg-sidebar-accent flex w-full items-center gap-2 rounded-md p-1.5 text-left text-sm"
          data-testid="user-menu"
        >
          <UserAvatar user={user} className="size-8" />
          {compact ? null : (
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{user.name}</span>
              <span className="text-muted-foreground block truncate text-xs">
                {t(`roles.${user.role}`)}
              </span>
            </span>
          )}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" side="top" className="w-56">
        <DropdownMenuLabel className="font-normal">
          <span className="block truncate text-sm font-medium">{user.name}</span>
          <span className="text-muted-foreground block truncate text-xs">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <NavLink to="/profile">
            <UserCog /> {t('nav.profile')}
          </NavLink>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => submit(null, { method: 'POST', action: '/logout' })}>
          <LogOut /> {t('nav.logout')}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}

/**
 * When the server ends this session (work hours, deactivation…), go to the login page. Never in
 * the middle of a navigation: the user's own "Sair" is one (its answer already leads to the login
 * page), and starting another would abort it.
 */
function SessionWatcher() {
  const navigate = useNavigate()
  const navigation = useNavigation()
  const revalidator = useRevalidator()
  const busy = navigation.state !== 'idle' || revalidator.state !== 'idle'
  const [ended, setEnded] = useState<string | null>(null)
  useLiveEvents(['session.ended'], (event) => {
    setEnded(event.payload.reason)
  })
  useEffect(() => {
    if (ended === null || busy) return
    navigate(`/login?ended=${encodeURIComponent(ended)}`, { replace: true })
  }, [ended, busy, navigate])
  return null
}

/** Shown only when a live connection that was open has dropped (never on first load). */
function ConnectionBanner() {
  const connected = useLiveConnected()
  const { t } = useTranslation()
  const [wasConnected, setWasConnected] = useState(false)
  if (connected && !wasConnected) setWasConnected(true)
  if (connected || !wasConnected) return null
  return (
    <div
      role="status"
      className="flex items-center gap-2 bg-amber-100 px-4 py-1 text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-100"
    >
      <WifiOff className="size-3.5" /> {t('live.reconnecting')}
    </div>
  )
}

export function AppShell({
  children,
  initiallyCollapsed,
  counts: initialCounts,
  viewer,
  unread,
  webhooksOff,
}: {
  children: React.ReactNode
  initiallyCollapsed: boolean
  counts: TicketCounts
  viewer: TicketViewer
  unread: Record<string, number>
  /** Webhooks Balcão turned off (admins only; 0 for the others). */
  webhooksOff: number
}) {
  const counts = useTicketCounts(initialCounts, viewer, unread)
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const [collapsed, setCollapsed] = useState(initiallyCollapsed)
  const [mobileOpen, setMobileOpen] = useState(false)
  const toggle = () => {
    const next = !collapsed
    setCollapsed(next)
    document.cookie = `sidebar=${next ? 'collapsed' : 'expanded'}; path=/; max-age=31536000; samesite=lax`
  }
  return (
    <div className="flex min-h-dvh">
      <SessionWatcher />
      <WebhookTurnedOffNotice />
      <aside
        className={cn(
          'bg-sidebar sticky top-0 hidden h-dvh shrink-0 flex-col border-r transition-[width] md:flex',
          collapsed ? 'w-16' : 'w-60',
        )}
      >
        <div
          className={cn(
            'flex h-14 items-center border-b px-3',
            collapsed ? 'justify-center' : 'justify-between',
          )}
        >
          <Logo compact={collapsed} />
          {collapsed ? null : (
            <Button variant="ghost" size="icon" onClick={toggle} aria-label={t('nav.collapse')}>
              <ChevronsLeft />
            </Button>
          )}
        </div>
        <NavList collapsed={collapsed} counts={counts} webhooksOff={webhooksOff} />
        <div className="flex flex-col gap-1 border-t p-2">
          {collapsed ? (
            <Button
              variant="ghost"
              size="icon"
              onClick={toggle}
              aria-label={t('nav.expand')}
              className="self-center"
            >
              <ChevronsRight />
            </Button>
          ) : (
            <div className="flex items-center justify-between px-1">
              <LanguageSwitch />
              <span className="flex items-center">
                <NotificationToggle />
                <ThemeSwitch />
              </span>
            </div>
          )}
          <UserMenu compact={collapsed} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-background/90 sticky top-0 z-30 flex h-14 items-center gap-2 border-b px-3 backdrop-blur md:hidden">
          <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
            <SheetTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={t('nav.menu')}>
                <Menu />
              </Button>
            </SheetTrigger>
            <SheetContent>
              <SheetTitle className="flex h-14 items-center border-b px-4">
                <Logo />
              </SheetTitle>
              <NavList
                collapsed={false}
                counts={counts}
                webhooksOff={webhooksOff}
                onNavigate={() => setMobileOpen(false)}
              />
              <div className="flex flex-col gap-1 border-t p-2">
                <div className="flex items-center justify-between px-1">
                  <LanguageSwitch />
                  <ThemeSwitch />
                </div>
                <UserMenu compact={false} />
              </div>
            </SheetContent>
          </Sheet>
          <Logo />
          <span className="text-muted-foreground ml-auto truncate text-sm">
            {root?.user?.companyName}
          </span>
        </header>
        <ConnectionBanner />
        <main className="flex-1">
          <TicketCountsContext.Provider value={counts}>{children}</TicketCountsContext.Provider>
        </main>
      </div>
    </div>
  )
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string
  description?: string
  actions?: React.ReactNode
}) {
  return (
    <div className="bg-card/40 flex flex-col gap-3 border-b px-4 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-muted-foreground text-sm">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  )
}
