// Reads the emails the server wrote to <data dir>/outbox/*.eml (UUIDv7 names: sorted by time),
// as a person reads their mailbox: recipient, subject, and the decoded text/plain body.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function splitHead(raw) {
  const m = raw.match(/\r?\n\r?\n/);
  if (!m) return [raw, ''];
  return [raw.slice(0, m.index), raw.slice(m.index + m[0].length)];
}

function parseHeaders(head) {
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function decodeWords(value = '') {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }).replace(/\?=\s+=\?/g, '');
}

function decodeBody(body, encoding = '') {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes = soft.replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

// The first text/plain part of an entity (recursing into multiparts).
function plainText(headers, body) {
  const type = headers['content-type'] || 'text/plain';
  const boundary = type.match(/boundary="?([^";]+)"?/i);
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const [h, b] = splitHead(part.replace(/^\r?\n/, ''));
      const text = plainText(parseHeaders(h), b);
      if (text !== null) return text;
    }
    return null;
  }
  if (/^text\/plain/i.test(type)) return decodeBody(body, headers['content-transfer-encoding']);
  return null;
}

export function parseEml(raw, file = '') {
  const [head, body] = splitHead(raw);
  const headers = parseHeaders(head);
  return {
    file,
    to: decodeWords(headers.to || ''),
    subject: decodeWords(headers.subject || ''),
    text: plainText(headers, body) ?? '',
  };
}

export function readOutbox(dataDir) {
  const dir = path.join(dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(readFileSync(path.join(dir, f), 'utf8'), f));
}

// Waits for the newest email to `to` that was not in `seen` (a Set of file names).
export async function waitForEmail(dataDir, to, { seen = new Set(), timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = readOutbox(dataDir).filter((m) => !seen.has(m.file) && m.to.toLowerCase().includes(to.toLowerCase()));
    if (fresh.length) return fresh[fresh.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email to ${to} within ${timeoutMs} ms; outbox: ${readOutbox(dataDir).map((m) => `${m.file} → ${m.to}`).join(', ')}`);
}

export const outboxFiles = (dataDir) => new Set(readOutbox(dataDir).map((m) => m.file));

export function activationLink(email) {
  const m = email.text.match(/https?:\/\/\S+\/activate#token=[A-Za-z0-9_\-.~%]+/);
  if (!m) throw new Error(`no activation link in the email "${email.subject}":\n${email.text}`);
  return m[0];
}

export function representationLink(email) {
  const m = email.text.match(/https?:\/\/\S+\/representation#token=[A-Za-z0-9_\-.~%]+/);
  if (!m) throw new Error(`no representation link in the email "${email.subject}":\n${email.text}`);
  return m[0];
}

export function sixDigitCode(email) {
  const m = email.text.match(/(?<!\d)(\d{3})[ -]?(\d{3})(?!\d)/);
  if (!m) throw new Error(`no 6-digit code in the email "${email.subject}":\n${email.text}`);
  return m[1] + m[2];
}
