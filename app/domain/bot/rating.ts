/**
 * Reading a customer's answer to the rating question (0–10). Accepts "10", "nota 9", "9/10",
 * "9 de 10", "minha nota é 8", "dou 7", "*9*", "9!"; anything else (text, 11, "9 ou 10") is null.
 */
const RATING_PATTERN =
  /^(?:(?:minha\s+)?nota\s*(?:e|:|=)?\s*|dou\s+(?:(?:um|uma|nota)\s+)?)?\*?(\d{1,2})\*?(?:\s*(?:\/|de)\s*10)?\s*[!.]*$/u

export function parseRating(text: string | null | undefined): number | null {
  if (!text) return null
  const normalized = text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
  const match = RATING_PATTERN.exec(normalized)
  if (!match) return null
  const score = Number(match[1])
  return Number.isInteger(score) && score >= 0 && score <= 10 ? score : null
}

export type NpsGroup = 'detractor' | 'passive' | 'promoter'

/** NPS bands: 0–6 detractor, 7–8 passive, 9–10 promoter. */
export const npsGroup = (score: number): NpsGroup =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'
