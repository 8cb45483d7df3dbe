import { useEffect, useRef, useState } from 'react'

/** Records a voice note in the browser (Opus in WebM or OGG); the server makes it a WhatsApp ptt. */
export function useVoiceRecorder(onDone: (file: File) => void, onError: () => void) {
  const [recording, setRecording] = useState(false)
  const [seconds, setSeconds] = useState(0)
  const recorder = useRef<MediaRecorder | null>(null)
  const chunks = useRef<Blob[]>([])
  const cancelled = useRef(false)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const cleanup = () => {
    if (timer.current) clearInterval(timer.current)
    recorder.current?.stream.getTracks().forEach((track) => track.stop())
    recorder.current = null
    setRecording(false)
  }
  useEffect(() => cleanup, [])

  const start = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
      const mimeType = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'].find(
        (type) => MediaRecorder.isTypeSupported(type),
      )
      const media = new MediaRecorder(stream, mimeType ? { mimeType } : undefined)
      chunks.current = []
      cancelled.current = false
      media.ondataavailable = (event) => {
        if (event.data.size) chunks.current.push(event.data)
      }
      media.onstop = () => {
        const type = media.mimeType || 'audio/webm'
        const extension = type.includes('ogg') ? 'ogg' : 'webm'
        cleanup()
        if (!cancelled.current && chunks.current.length)
          onDone(new File(chunks.current, `audio.${extension}`, { type: type.split(';')[0] }))
      }
      recorder.current = media
      media.start(250)
      setSeconds(0)
      setRecording(true)
      timer.current = setInterval(() => setSeconds((s) => s + 1), 1000)
    } catch {
      cleanup()
      onError()
    }
  }
  const stop = () => recorder.current?.stop()
  const cancel = () => {
    cancelled.current = true
    recorder.current?.stop()
  }
  return { recording, seconds, start, stop, cancel }
}
