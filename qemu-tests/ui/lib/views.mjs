// Every view, in every theme: a screenshot each, axe-core on each, and the
// 360 px layout. Plus the Session diff, Diagnostics, the transcript export
// and the stale-session replay.
import fs from 'fs';
import path from 'path';
import { axeSerious } from './guards.mjs';
import { expect } from './proofs.mjs';
import { THEMES, VIEWS, denialCode, setTheme, show } from './session.mjs';
import { answered } from './games.mjs';
import { post } from './tls.mjs';

const shot = (t, name) => path.join(t.screens, `${name}.png`);

// Screenshots and axe for the views of `role` (['login'] or VIEWS) in every
// theme. Returns {shots, checked, serious: ["view/theme: id (impact) ..."]}.
export async function everyTheme(t, page, role, views) {
  const serious = [];
  let shots = 0;
  const scope = views[0] === 'login' ? 'login' : 'shell';
  for (const theme of THEMES) {
    await setTheme(t, page, role, theme, scope);
    for (const view of views) {
      if (view !== 'login') await show(t, page, role, view);
      await page.screenshot({ path: shot(t, `${role}-${view}-${theme}`), fullPage: true, caret: 'initial' });
      shots += 1;
      for (const v of await axeSerious(page)) serious.push(`${view}/${theme}: ${v.id} (${v.impact}, ${v.nodes} node(s), e.g. ${v.target}): ${v.help}`);
    }
  }
  return { shots, checked: shots, serious };
}

// At 360 px wide no view may scroll sideways (tables scroll inside their
// own region).
export async function narrow(t, page, role, views) {
  const old = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const wide = [];
  try {
    for (const view of views) {
      if (view !== 'login') await show(t, page, role, view);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 360) wide.push(`${view} is ${w} px wide`);
      await page.screenshot({ path: shot(t, `${role}-${view}-360px`), fullPage: true, caret: 'initial' });
    }
  } finally {
    await page.setViewportSize(old);
  }
  return wide;
}

export async function sessionDiff(t, page, role) {
  await show(t, page, role, 'session');
  await answered(t, page, role, 'session:diff');
  await page.locator('section.diff').waitFor();
  const items = await page.locator('section.diff li, section.diff [data-diff]').allTextContents();
  const added = await page.locator('section.diff [data-diff="added"]').allTextContents();
  expect(added.some((x) => /adventure|paperclips/.test(x)), `no launched game among the changes: ${items.join(' | ') || 'none'}`);
  // A second refresh right away compares against the new snapshot.
  await t.ledger.press(page, role, 'session:diff');
  await page.locator('section.diff [data-diff="none"], section.diff li').first().waitFor();
  return `since login: ${added.map((x) => x.replace(/\s+/g, ' ').trim()).join('; ')}`;
}

export async function diagnostics(t, page, role) {
  await show(t, page, role, 'diagnostics');
  await answered(t, page, role, 'diag:systemMotd');
  const motd = (await page.locator('main.view .text-result').first().textContent()).trim();
  expect(motd.length > 0, 'empty message of the day');
  const probe = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rpc' && r.request().postData()?.includes('sessionInfo'));
  await t.ledger.press(page, role, 'diag:probe');
  await probe;
  await page.locator('main.view .probe').nth(1).waitFor({ timeout: 10000 });
  const [withId, without] = await page.locator('main.view .probe').evaluateAll((ps) => ps.map((p) =>
    (p.querySelector('.outcome, .denied')?.textContent || '').replace(/\s+/g, ' ').trim()));
  const raw = await page.locator('pre.raw').textContent();
  expect(JSON.parse(raw).response, 'raw JSON of the last result does not parse');
  return `motd "${motd.slice(0, 50)}"; probe with this id: ${withId.slice(0, 80)}; without cookies: ${without.slice(0, 80)}; raw JSON parses`;
}

export async function transcript(t, page, role, secret) {
  await show(t, page, role, 'transcript');
  await answered(t, page, role, 'transcript:load');
  const rows = await page.locator('table.transcript tbody tr').count();
  expect(rows > 0, 'the transcript table is empty');
  const status = (await page.locator('p.redaction').textContent()).replace(/\s+/g, ' ').trim();
  const download = page.waitForEvent('download', { timeout: 15000 });
  await t.ledger.press(page, role, 'transcript:export');
  const file = await download;
  const where = path.join(t.screens, 'transcript-export.json');
  await file.saveAs(where);
  const text = fs.readFileSync(where, 'utf8');
  const doc = JSON.parse(text);
  expect(Array.isArray(doc.events) && doc.events.length > 0, 'the exported file has no events');
  expect(!secret || !text.includes(secret), 'the exported transcript contains the password');
  return `${rows} rows shown ("${status.slice(0, 80)}"); downloaded ${file.suggestedFilename()} ` +
         `(${text.length} bytes, ${doc.events.length} events, kinds ${[...new Set(doc.events.map((e) => e.kind))].slice(0, 6).join(',')}); no password in it`;
}

// Logs out from the Session view, then replays the old cookies from Node
// (outside the browser; over HTTPS trusting only the image's certificate):
// the guest must answer staleSession.
export async function logoutThenStale(t, page, role, context) {
  const old = Object.fromEntries((await context.cookies(t.url)).map((c) => [c.name, c.value]));
  expect(old.capos_sid && old.capos_csrf, 'no capos_sid / capos_csrf cookies while logged in');
  await show(t, page, role, 'session');
  await t.ledger.press(page, role, 'session:logout');
  await page.locator('[data-view="login"]').waitFor({ timeout: 15000 });
  const notice = (await page.locator('[data-view="login"] .notice').textContent().catch(() => '')).trim();
  const now = Object.fromEntries((await context.cookies(t.url)).map((c) => [c.name, c.value]));
  expect(now.capos_sid !== old.capos_sid, 'capos_sid was not rotated by logout');
  const r = await post(t, '/api/rpc', {
    'Content-Type': 'application/json', 'X-CSRF-Token': old.capos_csrf, Origin: t.url,
    Cookie: `capos_sid=${old.capos_sid}; capos_csrf=${old.capos_csrf}`,
  }, { requestId: 7, sessionInfo: null });
  expect(r.status === 401 && r.body.denied?.code === 'staleSession',
         `the old id answered HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
  return `logged out ("${notice.replace(/Dismiss$/, '').trim()}"), id rotated; replaying the old cookie ` +
         `(${new URL(t.url).protocol.replace(':', '')}): HTTP 401 denied staleSession`;
}

export { denialCode };
