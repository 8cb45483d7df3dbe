// @vitest-environment happy-dom
import { renderHook } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { useFetcherAnswer } from './fetcher-answer.ts'

type Answer = { ok?: boolean; result?: { status: string } }
type Fetcher = { state: string; data?: Answer }

function watch(initial: Fetcher) {
  const onAnswer = vi.fn()
  const hook = renderHook((fetcher: Fetcher) => useFetcherAnswer(fetcher, onAnswer), {
    initialProps: initial,
  })
  return { onAnswer, show: (fetcher: Fetcher) => hook.rerender(fetcher) }
}

describe('useFetcherAnswer', () => {
  test('a refused answer first seen while the page reloads is still a refusal', () => {
    // On a busy machine React may never render "submitting": the first busy state it shows
    // already carries the answer. The answer is handed over once, when idle, as it is.
    const refused: Answer = { result: { status: 'error' } }
    const { onAnswer, show } = watch({ state: 'idle' })
    show({ state: 'loading', data: refused })
    expect(onAnswer).not.toHaveBeenCalled()
    show({ state: 'idle', data: refused })
    show({ state: 'idle', data: refused })
    expect(onAnswer).toHaveBeenCalledTimes(1)
    expect(onAnswer).toHaveBeenCalledWith(refused)
  })

  test('every new answer counts once, even when no busy state was rendered in between', () => {
    const { onAnswer, show } = watch({ state: 'idle' })
    const first: Answer = { result: { status: 'error' } }
    const second: Answer = { ok: true }
    show({ state: 'idle', data: first })
    show({ state: 'idle', data: second })
    show({ state: 'submitting', data: second })
    show({ state: 'idle', data: second })
    expect(onAnswer.mock.calls).toEqual([[first], [second]])
  })

  test('no answer (a redirect clears the data) calls nothing', () => {
    const { onAnswer, show } = watch({ state: 'submitting' })
    show({ state: 'loading' })
    show({ state: 'idle' })
    expect(onAnswer).not.toHaveBeenCalled()
  })
})
