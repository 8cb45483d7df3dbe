/**
 * The code of the n8n guide's Code node (JavaScript, "Run Once for All Items"), after a Webhook
 * node with the Raw Body option on: it checks X-Balcao-Signature (t=<unix>,v1=<hex HMAC-SHA256 of
 * "t.body">, ADR 014) on the bytes received, refuses a signature older than 5 minutes, and passes
 * the event on. Without Raw Body it signs the parsed body again (JSON.stringify gives back
 * Balcão's bytes for its compact JSON). n8n-snippet.test.ts runs it against a signed delivery.
 */
export function n8nSignatureSnippet(secret = 'whsec_COLE_O_SEGREDO_AQUI') {
  return `const crypto = require('crypto');
const secret = '${secret}';

const item = $input.first();
const header = item.json.headers['x-balcao-signature'] || '';
const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
const raw = item.binary && item.binary.data
  ? (await this.helpers.getBinaryDataBuffer(0, 'data')).toString('utf8')
  : JSON.stringify(item.json.body);

const expected = crypto.createHmac('sha256', secret).update(parts.t + '.' + raw).digest('hex');
const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
const same = typeof parts.v1 === 'string' && parts.v1.length === expected.length &&
  crypto.timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
if (!fresh || !same) throw new Error('Assinatura do Balcão inválida');

return [{ json: JSON.parse(raw) }];
`
}
