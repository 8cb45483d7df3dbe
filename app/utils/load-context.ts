import { type AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string
    /** Set by server.ts when the credential rate limit is exceeded. */
    rateLimited?: boolean
    /** Aborted when the client's connection closes (see server.ts). */
    clientGone?: AbortSignal
    /** The client's IP as Express sees it (trust proxy honoured): the API's failed-auth limit. */
    clientIp?: string
  }
}

export const isRateLimited = (context: AppLoadContext) => Boolean(context.rateLimited)
