import { type MessageType } from '#app/channels/types.ts'

const ICONS: Partial<Record<MessageType, string>> = {
  image: '📷',
  video: '🎥',
  audio: '🎵',
  voice: '🎤',
  document: '📄',
  sticker: '🏷️',
  location: '📍',
  contact: '👤',
  unsupported: '⚠️',
}

/** The ticket list's one-line preview of a message, language-neutral (icon + text). */
export function messagePreview(type: MessageType, body: string | null | undefined) {
  const icon = ICONS[type]
  const text = (body ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)
  return [icon, text].filter(Boolean).join(' ') || null
}
