/**
 * Commands to the channel manager that travel as jobs (ADR 007): written in the caller's
 * transaction (enqueue), run by the runtime, which registers their handlers and holds the
 * sessions. Commands that must reach whichever process holds a session travel as events instead
 * (`connection.command`, `channel.presence`, `simulator.customer` in events.ts).
 */

/** The agent opened the conversation: blue ticks on the customer's phone (best effort). */
export const CHANNEL_READ_JOB = 'channel.mark-read'
export type ChannelReadJob = { connectionId: string; chatId: string; externalIds: string[] }
