// HTTPS for the browser proof. The guest's port serves a self-signed
// certificate the image build made (images/NAME.certs/tlsServer.der).
// Chromium trusts exactly its key: --ignore-certificate-errors-spki-list
// with the SHA-256 of its SubjectPublicKeyInfo (guards.mjs launch), never a
// blanket ignoreHTTPSErrors. The test's own requests from Node (outside
// the browser) trust that certificate as their only CA, for its name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { expect } from './proofs.mjs';

// The name the certificate is made for (the manifest's
// `// keyvault-key: tlsServer=localhost`); we dial 127.0.0.1.
export const SERVER_NAME = 'localhost';
export const HSTS = 'max-age=31536000';

// {pem, spki, sha256, subject} of a DER or PEM certificate file; spki is
// the base64 SHA-256 of its public key, as Chromium's flag takes it.
export function loadCert(file) {
  const x = new crypto.X509Certificate(fs.readFileSync(file));
  const spkiDer = x.publicKey.export({ type: 'spki', format: 'der' });
  return {
    pem: x.toString(),
    spki: crypto.createHash('sha256').update(spkiDer).digest('base64'),
    sha256: x.fingerprint256,
    subject: x.subject.replace(/\n/g, ', '),
  };
}

// POST `body` (an object, sent as JSON) to t.url + path from Node, with
// exactly `headers` (cookies included: a replay). Over HTTPS only t.cert
// is trusted, checked for SERVER_NAME. Resolves {status, body}.
export function post(t, path, headers, body) {
  const u = new URL(path, t.url);
  const data = Buffer.from(JSON.stringify(body));
  const tls = u.protocol === 'https:' ? { ca: t.cert.pem, servername: SERVER_NAME } : {};
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'POST', headers: { ...headers, 'Content-Length': data.length }, timeout: 30000, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let parsed = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // Not JSON: the caller's expectation names what came back.
        }
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(data);
  });
}

// The page as the browser got it: https, a secure context, TLS 1.2 or 1.3,
// HSTS on the document, and the session cookies Secure (so the browser
// never sends them over plain http). spki: the key Chromium was told to
// trust, which must be the certificate file's.
export async function servedOverHttps(t, page, context, spki) {
  expect(new URL(t.url).protocol === 'https:', `${t.url} is not https`);
  expect(t.cert && t.cert.spki === spki, () => `Chromium trusts ${spki}, the certificate's key is ${t.cert?.spki}`);
  const resp = await page.reload({ waitUntil: 'load' });
  await page.locator('[data-view="login"]').waitFor();
  const [protocol, secure] = await page.evaluate(() => [location.protocol, window.isSecureContext]);
  expect(protocol === 'https:' && secure, `location.protocol ${protocol}, isSecureContext ${secure}`);
  const hsts = (await resp.allHeaders())['strict-transport-security'];
  expect(hsts === HSTS, `Strict-Transport-Security ${hsts}, want ${HSTS}`);
  const details = await resp.securityDetails();
  expect(!details || /^TLS 1\.[23]$/.test(details.protocol), () => `negotiated ${details.protocol}`);
  const secureCookies = await cookiesSecure(context, t.url);
  const tlsNote = details ? `${details.protocol}, certificate for ${details.subjectName}` : 'TLS';
  return `${protocol} page, secure context; ${tlsNote} (self-signed, trusted by its key only: ` +
         `spki sha256 ${spki.slice(0, 12)}...); HSTS ${hsts}; ${secureCookies}`;
}

// The session cookies of `url` are Secure, SameSite=Strict, the id
// HttpOnly (context.cookies: what the browser stored, not the header).
export async function cookiesSecure(context, url) {
  const jar = Object.fromEntries((await context.cookies(url)).map((c) => [c.name, c]));
  const { capos_sid: sid, capos_csrf: csrf } = jar;
  expect(sid && csrf, () => `cookies: ${Object.keys(jar).join(', ') || 'none'}`);
  for (const c of [sid, csrf]) expect(c.secure && c.sameSite === 'Strict', `${c.name}: secure ${c.secure}, sameSite ${c.sameSite}`);
  expect(sid.httpOnly && !csrf.httpOnly, `httpOnly: capos_sid ${sid.httpOnly}, capos_csrf ${csrf.httpOnly}`);
  return 'capos_sid and capos_csrf stored Secure, SameSite=Strict (capos_sid HttpOnly)';
}
