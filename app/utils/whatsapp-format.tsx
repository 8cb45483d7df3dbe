import { LinkifyIt } from 'linkify-it'
import { Fragment, type ReactNode } from 'react'

const linkify = new LinkifyIt()

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'bold' | 'italic' | 'strike'; children: Node[] }
  | { kind: 'mono'; text: string }

const MARKERS = { '*': 'bold', _: 'italic', '~': 'strike' } as const
type Marker = keyof typeof MARKERS

/** Can `text[i]` open a span? WhatsApp needs a non-space right after and no letter right before. */
function opens(text: string, i: number) {
  const before = text[i - 1]
  const after = text[i + 1]
  return (
    after !== undefined &&
    !/\s/.test(after) &&
    (before === undefined || !/[\p{L}\p{N}]/u.test(before))
  )
}

function closes(text: string, i: number) {
  const before = text[i - 1]
  const after = text[i + 1]
  return (
    before !== undefined &&
    !/\s/.test(before) &&
    (after === undefined || !/[\p{L}\p{N}]/u.test(after))
  )
}

function parseInline(text: string): Node[] {
  const nodes: Node[] = []
  let buffer = ''
  const flush = () => {
    if (buffer) nodes.push(...linkNodes(buffer))
    buffer = ''
  }
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('```', i)) {
      const end = text.indexOf('```', i + 3)
      if (end > i + 3) {
        flush()
        nodes.push({ kind: 'mono', text: text.slice(i + 3, end) })
        i = end + 2
        continue
      }
    }
    const char = text[i] as Marker
    if (char in MARKERS && opens(text, i)) {
      let end = -1
      for (let j = i + 2; j < text.length; j++) {
        if (text[j] === '\n') break
        if (text[j] === char && closes(text, j)) {
          end = j
          break
        }
      }
      if (end > 0) {
        flush()
        nodes.push({ kind: MARKERS[char], children: parseInline(text.slice(i + 1, end)) })
        i = end
        continue
      }
    }
    buffer += text[i]
  }
  flush()
  return nodes
}

function linkNodes(text: string): Node[] {
  const matches = linkify.match(text)
  if (!matches) return [{ kind: 'text', text }]
  const nodes: Node[] = []
  let last = 0
  for (const match of matches) {
    if (match.index > last) nodes.push({ kind: 'text', text: text.slice(last, match.index) })
    if (/^(https?:|mailto:)/i.test(match.url))
      nodes.push({ kind: 'link', text: match.raw, href: match.url })
    else nodes.push({ kind: 'text', text: match.raw })
    last = match.lastIndex
  }
  if (last < text.length) nodes.push({ kind: 'text', text: text.slice(last) })
  return nodes
}

function render(nodes: Node[], keyPrefix: string): ReactNode[] {
  return nodes.map((node, index) => {
    const key = `${keyPrefix}.${index}`
    switch (node.kind) {
      case 'text':
        return <Fragment key={key}>{node.text}</Fragment>
      case 'link':
        return (
          <a
            key={key}
            href={node.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="break-all text-sky-600 underline dark:text-sky-400"
          >
            {node.text}
          </a>
        )
      case 'mono':
        return (
          <code
            key={key}
            className="rounded bg-black/5 px-1 font-mono text-[0.85em] dark:bg-white/10"
          >
            {node.text}
          </code>
        )
      case 'bold':
        return <strong key={key}>{render(node.children, key)}</strong>
      case 'italic':
        return <em key={key}>{render(node.children, key)}</em>
      case 'strike':
        return <s key={key}>{render(node.children, key)}</s>
    }
  })
}

/**
 * WhatsApp formatting (*bold*, _italic_, ~strike~, ```mono```) and links, as React elements.
 * Message text is only ever rendered as text nodes: no HTML from a message reaches the page.
 */
export function WhatsAppText({ text }: { text: string }) {
  return <>{render(parseInline(text), 'w')}</>
}
