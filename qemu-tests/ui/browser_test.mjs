#!/usr/bin/env node
// browser_test.mjs: the guest's web UI in a real browser (Debian's Chromium,
// headless, driven by playwright-core), against a running guest.
//
//   node qemu-tests/ui/browser_test.mjs --url https://127.0.0.1:8080 \
//       --cert IMAGE.certs/tlsServer.der --spki BASE64 \
//       --user NAME --password-file build/local/operator.password [--screens DIR]
//
// Over HTTPS (the guest's own TLS), Chromium trusts exactly the key whose
// SubjectPublicKeyInfo SHA-256 is --spki, which must be --cert's; the
// test's own requests from Node trust --cert alone (lib/tls.mjs). Proves
// the page is https in a secure context with HSTS and Secure cookies.
// Logs in by password, as guest and as anonymous; visits every view; clicks
// every visible button (and fails naming any it never clicked); plays
// Adventure and Paperclips from the UI; chats between two browser contexts;
// uses a terminal (xterm.js): types, reloads, follows from a second browser;
// exports the transcript; logs out and replays the old cookie (staleSession).
// Fails on any CSP violation, console error or request leaving the guest's
// origin, and on axe-core violations of impact serious or critical in any
// view and theme. Screenshots of every view in every theme go to --screens
// (default build/ui-screens). Prints one PASS/FAIL line per proof and
// `N passed, N failed`; exits 0 only if all hold, 1 otherwise, 2 on usage.
import fs from 'fs';
import path from 'path';
import { Proofs, expect } from './lib/proofs.mjs';
import { AXE_VERSION, Watch, launch } from './lib/guards.mjs';
import { Ledger } from './lib/ledger.mjs';
import { adventure, chat, paperclips } from './lib/games.mjs';
import { THEMES, VIEWS, SERVICES_READY, buttonLogin, openLogin, passwordLogin, principal, show } from './lib/session.mjs';
import { firstLoad, keyboardLogin, loginView, refusedLogin } from './lib/login.mjs';
import { diagnostics, everyTheme, logoutThenStale, narrow, sessionDiff, transcript } from './lib/views.mjs';
import { follower, keyBar, networkDrop, openAndType, paperclipsPlay, reloadResumes } from './lib/terminal.mjs';
import { cookiesSecure, loadCert, servedOverHttps } from './lib/tls.mjs';

function usage(msg) {
  process.stderr.write(`browser_test: ${msg}\nusage: browser_test.mjs --url URL [--cert DER --spki BASE64] --user NAME [--password-file FILE] [--screens DIR] [--chromium PATH]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { screens: 'build/ui-screens', passwordFile: 'build/local/operator.password', chromium: '/usr/bin/chromium' };
  const names = { '--url': 'url', '--screens': 'screens', '--user': 'user', '--password-file': 'passwordFile', '--chromium': 'chromium',
                  '--cert': 'cert', '--spki': 'spki' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      const head = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 22);
      process.stdout.write(head.map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    }
    const key = names[argv[i]];
    if (!key) usage(`unknown argument ${argv[i]}`);
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
    opts[key] = argv[++i];
  }
  if (!opts.url || !opts.user) usage('--url and --user are required');
  try {
    const u = new URL(opts.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    opts.url = u.origin;
  } catch {
    usage(`--url ${opts.url} is not an http origin`);
  }
  if (opts.url.startsWith('https:') && (!opts.cert || !opts.spki)) usage('an https --url needs --cert and --spki');
  return opts;
}

// Like the CLI: the file must not be readable by group or others; the
// password is never printed or put on a command line.
function readPassword(file) {
  let st;
  try {
    st = fs.statSync(file);
  } catch {
    usage(`password file ${file} does not exist`);
  }
  if (st.mode & 0o077) usage(`password file ${file} is readable by group or others (chmod 600)`);
  return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

async function newContext(t, browser, label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await t.watch.attach(context, label);
  return { context, page: await context.newPage(), role: label };
}

// Clicks every button of every view for `role`, view by view. Never the nav
// (it would leave the view), the theme (done per theme) or a logout (the
// story does it). A room's exits come after its items, so every item seen
// is taken before the player walks on; Stop comes last.
const RANK = (id) => (/\|stop:/.test(id) ? 2 : /\|adv:go:/.test(id) ? 1 : 0);

async function sweepViews(t, page, role, views = VIEWS) {
  let clicks = 0;
  for (const view of views) {
    await show(t, page, role, view);
    clicks += await t.ledger.sweep(page, role, {
      skip: (id) => id.startsWith('shell|') || /\|(session:)?logout$/.test(id),
      rank: RANK,
      settle: () => t.watch.idle(page),
    });
  }
  return clicks;
}

async function operatorStory(t, browser, opts, password) {
  const p = t.proofs;
  const a = await newContext(t, browser, 'operator');
  const { page } = a;
  if (!(await p.run('first load', () => firstLoad(t, page)))) return;
  if (t.cert) await p.run('served over https', () => servedOverHttps(t, page, a.context, opts.spki));
  await p.run('login view', () => loginView(t, page));
  await p.run('login view in every theme', async () => {
    const r = await everyTheme(t, page, 'operator', ['login']);
    const wide = await narrow(t, page, 'operator', ['login']);
    expect(r.serious.length === 0, () => `axe: ${r.serious.join('; ')}`);
    expect(wide.length === 0, wide.join('; '));
    return `${r.shots} screenshots, axe-core ${AXE_VERSION}: no serious or critical violation; fits 360 px`;
  });
  await p.run('login refused', () => refusedLogin(t, page, 'operator', opts.user, password));
  const loggedIn = await p.run('password login', async () => {
    const ms = await passwordLogin(t, page, 'operator', opts.user, password);
    expect((await principal(page)) === opts.user, `signed in as ${await principal(page)}`);
    expect(!(await page.content()).includes(password), 'the password is in the page');
    // The ids login rotated to are Secure too.
    const cookies = t.cert ? `; ${await cookiesSecure(a.context, t.url)}` : '';
    return `signed in as ${opts.user}; login click -> rendered Services view in ${ms} ms${cookies}`;
  });
  if (!loggedIn) return;
  await p.run('adventure', () => adventure(t, page, 'operator'));
  await p.run('paperclips', () => paperclips(t, page, 'operator'));
  await p.run('chat between two browsers', () => withPeer(t, browser, opts, password, a));
  await p.run('session diff', () => sessionDiff(t, page, 'operator'));
  await p.run('diagnostics', () => diagnostics(t, page, 'operator'));
  await p.run('transcript export', () => transcript(t, page, 'operator', password));
  // After the session diff: the reload here takes a new diff baseline.
  if (await p.run('terminal: open, type whoami', () => openAndType(t, page, 'operator'))) {
    await p.run('terminal: a reload resumes it', () => reloadResumes(t, page, 'operator'));
    await p.run('terminal: a network drop never doubles a key', () => networkDrop(t, page, 'operator', a.context));
    await p.run('terminal: a second browser follows read-only', () => follower(t, browser, a));
    await p.run('terminal: paperclips play, then q', () => paperclipsPlay(t, page, 'operator'));
    await p.run('terminal: key bar at 360 px', () => keyBar(t, page, 'operator'));
  }
  let themes;
  await p.run('every view in every theme', async () => {
    themes = await everyTheme(t, page, 'operator', VIEWS);
    return `${themes.shots} screenshots (${VIEWS.length} views x ${THEMES.length} themes) in ${t.screens}`;
  });
  await p.run('accessibility (axe-core)', () => {
    expect(themes, 'no views were checked');
    expect(themes.serious.length === 0, () => themes.serious.join('; '));
    return `axe-core ${AXE_VERSION} on ${themes.checked} view/theme pairs: no serious or critical violation`;
  });
  await p.run('360 px wide', async () => {
    const wide = await narrow(t, page, 'operator', VIEWS);
    expect(wide.length === 0, wide.join('; '));
    return `no view scrolls sideways at 360 px (${VIEWS.length} screenshots)`;
  });
  await p.run('theme remembered in this browser only', async () => {
    const chosen = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.reload();
    await page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
    const after = await page.evaluate(() => [document.documentElement.dataset.theme, localStorage.getItem('capos.theme'), document.cookie]);
    expect(after[0] === chosen && after[1] === chosen, `after reload data-theme=${after[0]}, stored ${after[1]}, want ${chosen}`);
    expect(!/theme/.test(after[2]), 'the theme is in a cookie');
    const sent = t.watch.requests.filter((r) => r.body.includes(chosen) && /theme/i.test(r.body));
    expect(sent.length === 0, 'the theme was sent to the guest');
    return `"${chosen}" kept across a reload in localStorage, in no cookie or request; the session resumed`;
  });
  await p.run('operator: every button', async () => `${await sweepViews(t, page, 'operator')} more clicks over ${VIEWS.length} views`);
  await p.run('logout and stale session', () => logoutThenStale(t, page, 'operator', a.context));
  await p.run('login view after logout', async () => `${await t.ledger.sweep(page, 'operator', { skip: (id) => id.startsWith('login|login:') })} clicks`);
  await restricted(t, page, 'guest');
  await restricted(t, page, 'anonymous');
  await a.context.close();
}

// A second browser context for the chat: the same operator (a second
// session) logged in by keyboard, or a guest if the guest refuses a second
// session (a guest's chat is read-only: it can only receive).
async function withPeer(t, browser, opts, password, a) {
  const b = await newContext(t, browser, 'peer');
  try {
    b.watching = new Promise((resolve) => b.page.on('websocket', (ws) => ws.on('framesent', (f) => {
      if (String(f.payload).includes('"chat":true')) resolve();
    })));
    await openLogin(b.page, t.url);
    const tabs = await keyboardLogin(b.page, opts.user, password);
    let how = `operator by keyboard (${tabs} Tab(s) to the username, Tab, Enter)`;
    try {
      await b.page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
    } catch {
      await buttonLogin(t, b.page, 'peer', 'guest');
      how = 'guest (a second operator session was refused)';
    }
    const evidence = await chat(t, a, b);
    // Log the peer out rather than leave its session to the idle limit.
    await t.ledger.press(b.page, 'peer', 'logout', { scope: 'shell' });
    await b.page.locator('[data-view="login"]').waitFor({ timeout: 15000 });
    return `peer: ${how}, logged out after; ${evidence}`;
  } finally {
    await b.context.close();
  }
}

// Guest and anonymous: what they may not do is shown with the reason, and
// every button of every view still works (denials are typed).
async function restricted(t, page, kind) {
  const p = t.proofs;
  const ok = await p.run(`${kind} login`, async () => {
    const ms = await buttonLogin(t, page, kind, kind);
    const cards = page.locator('[data-service]');
    const n = await cards.count();
    const reasons = [];
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i);
      const name = await card.getAttribute('data-service');
      const launchable = await card.locator(`button[data-key="launch:${name}"]:enabled`).count();
      expect(!launchable, `${kind} may launch ${name}`);
      reasons.push(`${name}: ${(await card.locator('.why').textContent().catch(() => '?')).trim()}`);
    }
    const chatJoin = page.locator('button[data-key="chat:chatJoin"]');
    const chatNote = (await chatJoin.count()) ? ((await chatJoin.isEnabled()) ? 'chat join allowed' : 'chat read-only') : 'no chat';
    return `in ${ms} ms as ${await principal(page)}; ${reasons.join('; ') || 'empty catalog'}; ${chatNote}`;
  });
  if (!ok) return;
  await p.run(`${kind}: every button`, async () => {
    const clicks = await sweepViews(t, page, kind);
    await t.ledger.press(page, kind, 'logout', { scope: 'shell' });
    await page.locator('[data-view="login"]').waitFor({ timeout: 15000 });
    return `${clicks} clicks over ${VIEWS.length} views; logged out from the header`;
  });
}

async function finalProofs(t) {
  const p = t.proofs;
  await p.run('every visible button clicked', () => {
    const r = t.ledger.report();
    expect(r.missing.length === 0, () => `never clicked: ${r.missing.join(', ')}`);
    expect(r.duplicates.length === 0, () => `two visible buttons with one key: ${r.duplicates.join(', ')}`);
    expect(r.keyless.length === 0, () => `buttons without data-key: ${r.keyless.join(', ')}`);
    const scopes = Object.entries(r.byScope).map(([s, n]) => `${s} ${n}`).join(', ');
    return `${r.total} distinct buttons seen, all clicked (${r.inert} disabled ones clicked and proven inert); by view: ${scopes}`;
  });
  await p.run('no CSP violation or console error', () => {
    const problems = t.watch.check();
    expect(problems.length === 0, () => problems.slice(0, 8).join('; '));
    return `none (${t.watch.networkErrors.length} HTTP 4xx console lines, each a typed denial; ${t.watch.warnings} warnings)`;
  });
  await p.run('no request left the origin', () => {
    expect(t.watch.offOrigin.length === 0, () => `requested: ${t.watch.offOrigin.slice(0, 5).join(', ')}`);
    expect(!t.cert || t.url.startsWith('https://'), `the origin ${t.url} is not https`);
    return `every request (${t.watch.seen}) and WebSocket (${t.watch.sockets}) went to ${t.url}` +
           (t.cert ? ' (wss: for the sockets), none over plain http' : '');
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const password = readPassword(opts.passwordFile);
  fs.mkdirSync(opts.screens, { recursive: true });
  let watch;
  const proofs = new Proofs(process.stdout, () => watch.describeInFlight());
  watch = new Watch(opts.url, () => proofs.current);
  const cert = opts.cert ? loadCert(opts.cert) : null;
  const t = { url: opts.url, cert, screens: path.resolve(opts.screens), proofs, watch, ledger: new Ledger(watch) };
  let browser;
  const launched = await proofs.run('chromium', async () => {
    // The key Chromium will accept must be the certificate's, or the trust is not "exactly this one".
    expect(!cert || cert.spki === opts.spki, () => `--spki ${opts.spki} is not the key of ${opts.cert} (${cert.spki})`);
    browser = await launch(opts.chromium, opts.url, opts.spki);
    const trust = cert ? `; trusts only the key of ${cert.subject} (spki sha256 ${opts.spki})` : '';
    return `${opts.chromium} ${browser.version()} headless, background networking off${trust}`;
  });
  if (launched) {
    try {
      await operatorStory(t, browser, opts, password);
    } catch (e) {
      proofs.fail('story', `stopped: ${String(e?.message || e).split('\n')[0]}`);
    } finally {
      await browser.close();
    }
    await finalProofs(t);
  }
  process.stdout.write(`${proofs.summary()}\n`);
  process.exit(proofs.failed ? 1 : 0);
}

main();
