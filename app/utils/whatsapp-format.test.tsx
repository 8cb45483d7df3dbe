import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { WhatsAppText } from './whatsapp-format.tsx'

const html = (text: string) => renderToStaticMarkup(<WhatsAppText text={text} />)

describe('WhatsApp formatting', () => {
  test('bold, italic, strike and mono', () => {
    expect(html('*oi* _tudo_ ~bem~ ```x = 1```')).toBe(
      '<strong>oi</strong> <em>tudo</em> <s>bem</s> <code class="rounded bg-black/5 px-1 font-mono text-[0.85em] dark:bg-white/10">x = 1</code>',
    )
  })

  test('nested and unmatched markers', () => {
    expect(html('*negrito _e itálico_*')).toBe('<strong>negrito <em>e itálico</em></strong>')
    expect(html('2 * 3 = 6 e 4*5')).toBe('2 * 3 = 6 e 4*5')
    expect(html('snake_case_name')).toBe('snake_case_name')
    expect(html('* solto *')).toBe('* solto *')
  })

  test('markers do not span lines', () => {
    expect(html('*começo\nfim*')).toBe('*começo\nfim*')
  })

  test('links become safe anchors; other schemes stay text', () => {
    expect(html('veja https://exemplo.com.br/a?b=1 agora')).toContain(
      '<a href="https://exemplo.com.br/a?b=1" target="_blank" rel="noopener noreferrer nofollow"',
    )
    expect(html('javascript:alert(1)')).toBe('javascript:alert(1)')
  })

  test('HTML in a message stays text', () => {
    const out = html('<img src=x onerror=alert(1)> *<script>alert(1)</script>*')
    expect(out).not.toContain('<img')
    expect(out).not.toContain('<script')
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(out).toContain('<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>')
  })
})
