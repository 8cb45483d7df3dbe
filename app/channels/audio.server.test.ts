import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
  FfmpegError,
  ffmpegPath,
  oggOpusDurationSeconds,
  toVoiceNote,
  voiceNotePathFor,
} from './audio.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-audio-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A 1 s stereo WebM/Opus recording, like Chrome's MediaRecorder makes. */
function makeWebm(file: string) {
  const result = spawnSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=1',
    '-ac',
    '2',
    '-c:a',
    'libopus',
    '-f',
    'webm',
    file,
  ])
  if (result.status !== 0) throw new Error(`could not make the test recording: ${result.stderr}`)
}

function probe(file: string) {
  const result = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'format=format_name:stream=codec_name,channels',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  )
  return JSON.parse(result.stdout) as {
    format: { format_name: string }
    streams: Array<{ codec_name: string; channels: number }>
  }
}

test('a WebM/Opus browser recording becomes an OGG/Opus mono voice note', async () => {
  const input = path.join(dir, 'gravacao.webm')
  makeWebm(input)
  expect(probe(input).streams[0]).toMatchObject({ codec_name: 'opus', channels: 2 })

  const voice = await toVoiceNote(input)
  expect(voice.path).toBe(path.join(dir, 'gravacao.voice.ogg'))
  expect(voice.mimeType).toBe('audio/ogg; codecs=opus')
  expect(voice.durationSeconds).toBeGreaterThan(0.9)
  expect(voice.durationSeconds).toBeLessThan(1.1)

  const bytes = fs.readFileSync(voice.path)
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('OggS')
  const head = bytes.indexOf('OpusHead')
  expect(head).toBeGreaterThan(0)
  expect(bytes[head + 9]).toBe(1) // channel count in the OpusHead: mono
  const probed = probe(voice.path)
  expect(probed.format.format_name).toBe('ogg')
  expect(probed.streams).toEqual([{ codec_name: 'opus', channels: 1 }])
})

test('a missing ffmpeg, a missing input and a broken input give clear errors', async () => {
  const input = path.join(dir, 'nao-existe.webm')
  await expect(toVoiceNote(input)).rejects.toThrow(/does not exist/)

  const garbage = path.join(dir, 'lixo.webm')
  fs.writeFileSync(garbage, 'isto não é áudio')
  const failed = await toVoiceNote(garbage).catch((e: unknown) => e)
  expect(failed).toBeInstanceOf(FfmpegError)
  expect((failed as Error).message).toMatch(/ffmpeg failed to convert the audio \(exit code \d+\)/)

  await expect(toVoiceNote(garbage, { ffmpeg: '/nonexistent/ffmpeg' })).rejects.toThrow(
    /ffmpeg was not found/,
  )
})

test('helpers', () => {
  expect(voiceNotePathFor('/a/b/rec.ogg')).toBe('/a/b/rec.voice.ogg')
  expect(oggOpusDurationSeconds(Buffer.from('not an ogg file at all, just text'))).toBeUndefined()
})
