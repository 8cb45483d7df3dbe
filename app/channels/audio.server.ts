import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus' as const

export type VoiceNote = {
  /** Absolute path of the OGG/Opus file, next to the input. */
  path: string
  mimeType: typeof VOICE_NOTE_MIME
  durationSeconds?: number
}

export class FfmpegError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FfmpegError'
  }
}

/** FFMPEG_PATH, else Debian's /usr/bin/ffmpeg, else `ffmpeg` on PATH. */
export function ffmpegPath(): string {
  const fromEnv = process.env.FFMPEG_PATH
  if (fromEnv) return fromEnv
  return fs.existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : 'ffmpeg'
}

/** Where toVoiceNote writes: `<dir>/<name>.voice.ogg` (stable, so a resend reuses the name). */
export function voiceNotePathFor(inputPath: string): string {
  const parsed = path.parse(inputPath)
  return path.join(parsed.dir, `${parsed.name}.voice.ogg`)
}

/**
 * Converts any recording (WebM/Opus from Chrome, OGG from Firefox, mp3, wav, m4a…) to what
 * WhatsApp plays as a voice note on every device: OGG container, Opus, mono. Runs ffmpeg without a
 * shell; the output goes next to the input.
 */
export async function toVoiceNote(
  inputPath: string,
  opts: { ffmpeg?: string; timeoutMs?: number } = {},
): Promise<VoiceNote> {
  const input = path.resolve(inputPath)
  if (!fs.existsSync(input)) throw new FfmpegError(`Cannot convert audio: ${input} does not exist`)
  const output = voiceNotePathFor(input)
  const binary = opts.ffmpeg ?? ffmpegPath()
  // ffmpeg cannot read and write the same file.
  if (output === input) throw new FfmpegError(`Cannot convert audio onto itself: ${input}`)
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-i',
    input,
    '-vn',
    '-map_metadata',
    '-1',
    '-avoid_negative_ts',
    'make_zero',
    '-ac',
    '1',
    '-c:a',
    'libopus',
    '-b:a',
    '32k',
    '-f',
    'ogg',
    output,
  ]
  await run(binary, args, opts.timeoutMs ?? 60_000)

  const durationSeconds = oggOpusDurationSeconds(await fs.promises.readFile(output))
  return {
    path: output,
    mimeType: VOICE_NOTE_MIME,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
  }
}

function run(binary: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: false })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000)
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new FfmpegError(`ffmpeg took longer than ${timeoutMs / 1000}s converting audio; stopped`),
      )
    }, timeoutMs)
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(
        error.code === 'ENOENT'
          ? new FfmpegError(
              `ffmpeg was not found (tried "${binary}"): install it (apt-get install ffmpeg) or set FFMPEG_PATH`,
            )
          : new FfmpegError(`Could not run ffmpeg (${binary}): ${error.message}`),
      )
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else
        reject(
          new FfmpegError(
            `ffmpeg failed to convert the audio (${signal ? `signal ${signal}` : `exit code ${code}`}): ${stderr.trim() || 'no output'}`,
          ),
        )
    })
  })
}

/**
 * Duration of an OGG/Opus file from its headers: the granule position of the last page (48 kHz
 * samples) minus the pre-skip of the OpusHead. Undefined when the file is not OGG/Opus.
 */
export function oggOpusDurationSeconds(bytes: Buffer): number | undefined {
  if (bytes.length < 28 || bytes.toString('latin1', 0, 4) !== 'OggS') return undefined
  const head = bytes.indexOf('OpusHead', 0, 'latin1')
  if (head < 0 || head + 12 > bytes.length) return undefined
  const preSkip = bytes.readUInt16LE(head + 10)
  const last = bytes.lastIndexOf('OggS', bytes.length - 4, 'latin1')
  if (last < 0 || last + 14 > bytes.length) return undefined
  const granule = Number(bytes.readBigInt64LE(last + 6))
  if (granule <= 0) return undefined
  return Math.max(0, Math.round(((granule - preSkip) / 48_000) * 100) / 100)
}
