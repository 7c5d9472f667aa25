// `make bench` (qemu-tests/web_bench.py): the time from a login click to the
// rendered Services view in Debian's Chromium, against a running guest, and
// the bytes of the first load. Prints one JSON object; exit 1 if it could
// not measure. Not a test: it asserts nothing about the figures. Over
// HTTPS, --spki names the one key Chromium trusts (lib/tls.mjs).
//
//   node qemu-tests/ui/login_timing.mjs --url https://127.0.0.1:PORT \
//        --spki BASE64 --user NAME --password-file FILE [--rounds 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { launch } from './lib/guards.mjs';
import { SERVICES_READY, openLogin } from './lib/session.mjs';

const { values: o } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' },
    rounds: { type: 'string', default: '5' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
    spki: { type: 'string' },
  },
});
if (!o.url || !o.user || !o['password-file']) {
  console.error('usage: login_timing.mjs --url URL [--spki BASE64] --user NAME --password-file FILE [--rounds N]');
  process.exit(2);
}
const password = readFileSync(o['password-file'], 'utf8').split('\n')[0];
const browser = await launch(o.chromium, o.url, o.spki);
const out = { loginMs: [], firstLoadBytes: 0, firstLoadRequests: 0, largestResponse: 0 };
try {
  for (let i = 0; i < Number(o.rounds); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (i === 0) {
      page.on('response', async (r) => {
        const len = (await r.body().catch(() => Buffer.alloc(0))).length;
        out.firstLoadBytes += len;
        out.firstLoadRequests += 1;
        out.largestResponse = Math.max(out.largestResponse, len);
      });
    }
    await openLogin(page, o.url);
    await page.locator('input[name="username"]').fill(o.user);
    await page.locator('input[name="password"]').fill(password);
    const start = Date.now();
    await page.locator('button[data-key="login:password"]').click();
    await page.locator(SERVICES_READY).first().waitFor({ timeout: 30000 });
    out.loginMs.push(Date.now() - start);
    page.removeAllListeners('response');
    await page.locator('button[data-key$="logout"]').first().click().catch(() => {});
    await context.close();
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.error(`login_timing: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
