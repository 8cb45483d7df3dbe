import crypto from 'node:crypto'

/** A new bearer secret: `blc_` and 32 random base64url characters. Shown once, stored hashed. */
export function newSecretToken() {
  return `blc_${crypto.randomBytes(24).toString('base64url')}`
}

/** How a bearer secret is stored and looked up (sha256 hex: the secret is random, no salt needed). */
export function hashSecretToken(token: string) {
  return crypto.createHash('sha256').update(token).digest('hex')
}
