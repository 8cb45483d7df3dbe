/**
 * Text matching of the ticket search, the same rules as its SQLite indexes, for the rows the
 * query checks one by one (the SQL functions below) instead of asking the index:
 * - message text like FTS5 `unicode61 remove_diacritics 2` and our query ("word"* per word): each
 *   typed word is a run of tokens that must appear in order, its last token as a prefix;
 * - a contact's name like FTS5 `trigram remove_diacritics 1`: any part of it, case and accents
 *   ignored.
 */

const MARKS = /\p{M}/gu
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u

/** Lower case, without accents (ç → c, ã → a). */
export function foldText(text: string) {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase()
}

/** The tokens of a text as FTS5's unicode61 tokenizer sees them (folded). */
export function textTokens(text: string) {
  return foldText(text).split(SEPARATORS).filter(Boolean)
}

/** The typed words of a search, each as its tokens; words without any token are dropped. */
export function searchWords(search: string) {
  return search
    .split(/\s+/)
    .map(textTokens)
    .filter((tokens) => tokens.length > 0)
}

/** The FTS5 query of typed words: each a quoted phrase, its last token a prefix (or exact). */
export function ftsQuery(search: string, options: { prefix?: boolean } = {}) {
  const star = options.prefix === false ? '' : '*'
  return searchWords(search)
    .map((tokens) => `"${tokens.join(' ')}"${star}`)
    .join(' ')
}

function hasPhrase(tokens: string[], phrase: string[]) {
  const last = phrase.length - 1
  outer: for (let i = 0; i + last < tokens.length; i++) {
    for (let j = 0; j < last; j++) if (tokens[i + j] !== phrase[j]) continue outer
    if (tokens[i + last]!.startsWith(phrase[last]!)) return true
  }
  return false
}

/** Whether a message text matches every typed word (what `messages_fts MATCH ftsQuery` finds). */
export function textMatchesWords(text: string | null, words: string[][]) {
  if (!text || words.length === 0) return false
  const tokens = textTokens(text)
  return words.every((phrase) => hasPhrase(tokens, phrase))
}

type FunctionHost = {
  function(
    name: string,
    options: { deterministic: boolean },
    fn: (...args: Array<string | null>) => number,
  ): unknown
}

/**
 * `search_words(text, wordsJson)` and `search_contains(text, folded)` on a SQLite connection:
 * 1 or 0. The JSON is `JSON.stringify(searchWords(q))`; it is parsed once per distinct value.
 */
export function registerSearchFunctions(sqlite: FunctionHost) {
  let lastJson = ''
  let lastWords: string[][] = []
  sqlite.function('search_words', { deterministic: true }, (text, json) => {
    if (json !== lastJson) {
      lastJson = json ?? ''
      lastWords = json ? (JSON.parse(json) as string[][]) : []
    }
    return textMatchesWords(text, lastWords) ? 1 : 0
  })
  sqlite.function('search_contains', { deterministic: true }, (text, folded) =>
    text && folded && foldText(text).includes(folded) ? 1 : 0,
  )
}
