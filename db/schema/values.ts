/**
 * Values stored in enum-like text columns. They live here, next to the tables, so the schema
 * imports nothing from app/ (eslint.config.js); app/channels/types.ts re-exports them as the
 * channel contract's names. No imports: the browser bundles them too.
 */

export const CHANNELS = ['whatsapp', 'simulator'] as const

export const MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
  'location',
  'contact',
  'unsupported',
] as const

/** Delivery states of an outgoing message, in order (failed aside). */
export const ACK_STATUSES = ['sent', 'delivered', 'read', 'played'] as const

export const CONNECTION_STATUSES = [
  'disconnected',
  'opening',
  'qrcode',
  'pairing',
  'connected',
  'logged_out',
] as const
