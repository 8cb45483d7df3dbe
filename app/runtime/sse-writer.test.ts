import { describe, expect, test } from 'vitest'
import { formatSse, sseResponse } from './sse-writer.server.ts'

describe('formatSse', () => {
  test('event, id and data each on their own line; a blank line dispatches', () => {
    expect(formatSse({ event: 'message', id: 42, data: '{"type":"x"}' })).toBe(
      'event: message\nid: 42\ndata: {"type":"x"}\n\n',
    )
    expect(formatSse({ data: '' })).toBe('data: \n\n')
  })

  test('a line break in the data becomes more data lines; in a name or id it is refused', () => {
    expect(formatSse({ data: 'a\nb\r\nc' })).toBe('data: a\ndata: b\ndata: c\n\n')
    expect(() => formatSse({ event: 'message\nid: 9', data: '' })).toThrow()
  })
})

describe('sseResponse', () => {
  test('runs init at once, streams what it sends, and cleans up once when closed', async () => {
    const controller = new AbortController()
    let cleanups = 0
    let close = () => {}
    const response = sseResponse(controller.signal, (send, closeStream) => {
      send({ event: 'ready', id: 1, data: 'hi' })
      close = closeStream
      return () => cleanups++
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    close()
    close()
    controller.abort()
    expect(await response.text()).toBe('event: ready\nid: 1\ndata: hi\n\n')
    expect(cleanups).toBe(1)
  })

  test('a close asked during init closes the stream right after it', async () => {
    let cleanups = 0
    const response = sseResponse(new AbortController().signal, (_send, close) => {
      close()
      return () => cleanups++
    })
    expect(await response.text()).toBe('')
    expect(cleanups).toBe(1)
  })
})
