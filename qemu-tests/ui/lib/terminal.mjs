// The Terminal panel (xterm.js over the terminal calls of API.md), driven
// as a person would: keys typed into xterm's own textarea, the screen read
// back from the rows xterm draws (`.xterm-rows`), never from page globals.
import path from 'path';
import { expect } from './proofs.mjs';
import { SERVICES_READY, show } from './session.mjs';

const PANEL = 'section.terminal';
const PROMPT = /@capos>/;
// What the shell's whoami prints for the operator (one line of its table).
const WHOAMI = /^principal\s+operator$/;

// The screen as text lines (xterm pads cells with no-break spaces).
export async function screenLines(page) {
  const text = await page.locator(`${PANEL} .xterm-rows`).innerText();
  return text.replace(/\u00a0/g, ' ').split('\n').map((l) => l.trimEnd());
}

async function waitScreen(page, test, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let lines = [];
  while (Date.now() < end) {
    lines = await screenLines(page).catch(() => []);
    if (test(lines)) return lines;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what} not on the screen within ${timeout} ms; it shows: ${lines.filter(Boolean).slice(-6).join(' | ')}`);
}

const count = (lines, re) => lines.filter((l) => re.test(l.trim())).length;
const lastLine = (lines) => [...lines].reverse().find((l) => l.trim()) || '';
// The last `whoami` typed at a prompt has run: its answer is below it and
// a new prompt is the last line (true however far the screen scrolled).
function whoamiRan(lines) {
  const at = lines.findLastIndex((x) => /@capos>\s*whoami\s*$/.test(x));
  const rest = lines.slice(at + 1);
  return at >= 0 && rest.some((x) => WHOAMI.test(x.trim())) && PROMPT.test(lastLine(rest));
}

async function typeInto(page, text) {
  await page.locator(`${PANEL} .xterm-helper-textarea`).focus();
  await page.keyboard.type(text);
}

async function state(page) {
  const s = page.locator(PANEL);
  return { state: await s.getAttribute('data-term-state'), mode: await s.getAttribute('data-term-mode'), id: await s.getAttribute('data-term-id') };
}

const shot = (t, page, name) => page.screenshot({ path: path.join(t.screens, `${name}.png`), fullPage: true, caret: 'initial' });
const sent = (t, label, member, since) => t.watch.requests.filter((r) => r.label === label && r.at >= since && r.body.includes(`"${member}"`));

// Open a terminal, type `whoami` + Enter, see `operator`.
export async function openAndType(t, page, role) {
  await show(t, page, role, 'services');
  await page.locator(PANEL).waitFor({ timeout: 20000 });
  await t.ledger.press(page, role, 'term:open');
  await page.locator(`${PANEL}[data-term-state="live"][data-term-mode="owner"]`).waitFor({ timeout: 20000 });
  const prompt = await waitScreen(page, (l) => count(l, PROMPT) >= 1, 'the shell prompt');
  await typeInto(page, 'whoami');
  await page.keyboard.press('Enter');
  const lines = await waitScreen(page, whoamiRan, '`principal operator` and a new prompt');
  await shot(t, page, `${role}-terminal-whoami`);
  const { id } = await state(page);
  return `term-${id} live as owner; prompt "${lastLine(prompt)}"; typed whoami -> "principal operator"; ` +
         `${lines.filter(Boolean).length} screen lines`;
}

// A reload resumes the same terminal where the page left it: no new
// terminal, the earlier output still shown, the attach resumes from the
// saved seq, and typing still works.
export async function reloadResumes(t, page, role) {
  const before = await state(page);
  const at = Date.now();
  await page.reload();
  await page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
  await page.locator(`${PANEL}[data-term-state="live"][data-term-id="${before.id}"]`).waitFor({ timeout: 20000 });
  const lines = await waitScreen(page, (l) => l.some((x) => /whoami/.test(x)) && l.some((x) => WHOAMI.test(x.trim())), 'the output from before the reload');
  const opened = sent(t, role, 'terminalOpen', at);
  expect(opened.length === 0, `the reload sent terminalOpen ${opened.length} time(s)`);
  const attach = sent(t, role, 'terminalAttach', at).map((r) => JSON.parse(r.body).call.terminalAttach);
  expect(attach.length === 1, `the reload sent ${attach.length} attach(es)`);
  const a = attach[0];
  expect(a.mode === 'owner' && a.replaceOwner === true && a.resumeSeq !== '0',
         `attach after the reload: ${JSON.stringify(a)}`);
  const rows = await page.locator(`${PANEL} tbody tr`).count();
  expect(rows === 1, `terminalList shows ${rows} terminals, want 1`);
  await typeInto(page, 'whoami');
  await page.keyboard.press('Enter');
  await waitScreen(page, (l) => count(l, WHOAMI) >= 2 && whoamiRan(l), 'a second `principal operator`');
  await shot(t, page, `${role}-terminal-after-reload`);
  return `same term-${before.id} re-attached as owner (replaceOwner, resumeSeq ${a.resumeSeq}), no terminalOpen; ` +
         `earlier output still shown; terminalList has 1; typing works after the reload`;
}

// The network drops while keys are typed. First the answer to a write
// that reached the shell is lost (the connection reset under it, at the
// response stage): the key must show once, never be sent again, and the
// panel says a key may be lost. Then the page goes offline for a moment:
// the panel shows it, comes back on the same terminal, and what was typed
// meanwhile shows at most once. The line is cleared (Ctrl-U) and whoami
// works after.
export async function networkDrop(t, page, role, context) {
  const before = await state(page);
  const typedNow = (l) => (lastLine(l).split('@capos>').pop() || '').trim();
  t.watch.offline = true;
  const cdp = await context.newCDPSession(page);
  let reset = 0;
  cdp.on('Fetch.requestPaused', (e) => {
    const write = (e.request.postData || '').includes('"terminalWrite"');
    const next = write && reset === 0
      ? cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'ConnectionReset' })
      : cdp.send('Fetch.continueRequest', { requestId: e.requestId });
    if (write && reset === 0) reset = 1;
    next.catch(() => {});
  });
  let note = '';
  try {
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/api/rpc', requestStage: 'Response' }] });
    await typeInto(page, 'z');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('may not have reached'),
                               `${PANEL} .term-note`, { timeout: 30000 });
    note = (await page.locator(`${PANEL} .term-note`).innerText()).trim();
  } finally {
    await cdp.send('Fetch.disable').catch(() => {});
    await cdp.detach().catch(() => {});
  }
  expect(reset === 1, 'no terminalWrite answer was reset');
  await page.locator(`${PANEL}[data-term-state="live"][data-term-id="${before.id}"]`).waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);  // a resent key would have shown by now
  const afterReset = typedNow(await screenLines(page));
  expect(afterReset === 'z', `after the reset answer the line shows "${afterReset}" (want "z" once)`);
  try {
    await context.setOffline(true);
    await page.locator(`${PANEL}[data-term-state="offline"]`).waitFor({ timeout: 30000 });
    await typeInto(page, 'q');
  } finally {
    await context.setOffline(false);
  }
  await page.locator(`${PANEL}[data-term-state="live"][data-term-id="${before.id}"]`).waitFor({ timeout: 30000 });
  t.watch.offline = false;
  const lines = await waitScreen(page, (l) => typedNow(l) === 'zq', '"q", typed while offline, sent once back');
  expect(!/zqq/.test(lastLine(lines)), 'a key doubled');
  await page.keyboard.press('Control+U');
  await typeInto(page, 'whoami');
  await page.keyboard.press('Enter');
  await waitScreen(page, (l) => whoamiRan(l), 'whoami after the drop');
  return `a write's answer reset after it reached the shell: "z" shown once, never resent, the panel said ` +
         `"${note}"; offline a moment: "q" typed meanwhile sent once back on term-${before.id}; whoami works after ` +
         `(${t.watch.offlineErrors} console errors of the dropped requests, expected)`;
}

// A second browser with the same cookies (the same browser session) follows
// read-only: it sees what the owner types, and its own typing sends nothing.
export async function follower(t, browser, a) {
  const storageState = await a.context.storageState();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
  await t.watch.attach(context, 'follower');
  const page = await context.newPage();
  try {
    await page.goto(t.url, { waitUntil: 'load' });
    await page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
    const who = await page.locator('.who').getAttribute('data-principal');
    const { id } = await state(a.page);
    await page.locator(`${PANEL} tbody tr[data-terminal="${id}"]`).waitFor({ timeout: 20000 });
    await t.ledger.press(page, 'follower', `term:follow:${id}`);
    await page.locator(`${PANEL}[data-term-state="live"][data-term-mode="follower"]`).waitFor({ timeout: 20000 });
    const pill = (await page.locator(`${PANEL} .section-head`).innerText()).replace(/\s+/g, ' ');
    expect(/read-only/.test(pill), `no read-only mark: "${pill}"`);
    await waitScreen(page, (l) => l.some((x) => WHOAMI.test(x.trim())), "the owner's earlier output");
    const nonce = `seen${Math.random().toString(36).slice(2, 8)}`;
    await typeInto(a.page, `whoami ${nonce}`);
    const seenAt = Date.now();
    await waitScreen(page, (l) => l.some((x) => x.includes(nonce)), `the owner's typing (${nonce})`);
    const ms = Date.now() - seenAt;
    await a.page.keyboard.press('Enter');
    await waitScreen(a.page, (l) => PROMPT.test(lastLine(l)) && !lastLine(l).includes(nonce), "the owner's next prompt");
    await shot(t, page, 'follower-terminal');
    // The follower types: nothing is sent and nothing reaches the shell.
    const at = Date.now();
    await typeInto(page, 'zq9x');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    const writes = sent(t, 'follower', 'terminalWrite', at);
    expect(writes.length === 0, `the follower sent ${writes.length} terminalWrite(s)`);
    const owner = await screenLines(a.page);
    expect(!owner.some((l) => l.includes('zq9x')), "the follower's typing reached the shell");
    await t.ledger.press(page, 'follower', 'term:detach');
    await page.locator(`${PANEL}[data-term-state="none"]`).waitFor({ timeout: 10000 });
    return `${who}'s second browser (same cookies) followed term-${id}, marked read-only; the owner's "${nonce}" ` +
           `showed there in ${ms} ms; its own typing sent no write and never reached the shell; detached`;
  } finally {
    await context.close();
  }
}

// `paperclips play` takes the whole screen; `q` gives the prompt back.
export async function paperclipsPlay(t, page, role) {
  await typeInto(page, 'paperclips play');
  await page.keyboard.press('Enter');
  const view = await waitScreen(page, (l) => l.some((x) => /Paperclips\s+\(q quits\)/.test(x)), 'the Paperclips view');
  expect(!view.some((l) => PROMPT.test(l)), 'the prompt is still on the screen during the full-screen view');
  await shot(t, page, `${role}-terminal-paperclips`);
  await page.keyboard.press('q');
  const back = await waitScreen(page, (l) => PROMPT.test(lastLine(l)) && !l.some((x) => /q quits/.test(x)), 'the prompt after q');
  await shot(t, page, `${role}-terminal-after-play`);
  return `full-screen view ("${view.find((x) => /Paperclips/.test(x)).trim()}", ${view.filter(Boolean).length} lines, no prompt); ` +
         `q -> back at "${lastLine(back).trim()}" with the earlier screen restored`;
}

// At 360 px the key bar shows: Tab completes, the arrows, Esc and the
// sticky Ctrl send their bytes.
export async function keyBar(t, page, role) {
  const old = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    await page.locator(`${PANEL} .term-keys`).waitFor({ timeout: 5000 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide <= 360, `the Services view is ${wide} px wide with the terminal`);
    await typeInto(page, 'who');
    await t.ledger.press(page, role, 'term:key:tab');
    await waitScreen(page, (l) => /whoami\s*$/.test(lastLine(l)), 'whoami completed by Tab');
    await page.keyboard.press('Enter');
    await waitScreen(page, whoamiRan, 'whoami run after Tab');
    for (const k of ['left', 'right']) await t.ledger.press(page, role, `term:key:${k}`);
    await t.ledger.press(page, role, 'term:key:up');
    await waitScreen(page, (l) => PROMPT.test(lastLine(l)) && /whoami\s*$/.test(lastLine(l)), 'the last command recalled by ↑');
    await t.ledger.press(page, role, 'term:key:down');
    // A line to abandon, then Esc and Ctrl-C: a lone Esc waits for the next
    // byte, and a control byte ends the wait and counts as itself.
    await typeInto(page, 'xyz');
    await waitScreen(page, (l) => /xyz\s*$/.test(lastLine(l)), 'the typed xyz');
    await t.ledger.press(page, role, 'term:key:esc');
    await t.ledger.press(page, role, 'term:key:ctrl');
    const armed = await page.locator('button[data-key="term:key:ctrl"]').getAttribute('aria-pressed');
    expect(armed === 'true', `Ctrl is not held (aria-pressed=${armed})`);
    await page.keyboard.type('c');
    const released = await page.locator('button[data-key="term:key:ctrl"]').getAttribute('aria-pressed');
    expect(released === 'false', `Ctrl still held after a key (aria-pressed=${released})`);
    await waitScreen(page, (l) => PROMPT.test(lastLine(l)) && !lastLine(l).includes('xyz') && l.some((x) => x.includes('xyz')),
                     'a fresh prompt after Ctrl-C');
    await shot(t, page, `${role}-terminal-360px`);
    return `fits 360 px; Tab completed "who" to whoami and it ran; ↑ recalled it; ←, →, ↓, Esc sent; ` +
           'Ctrl held for one key (aria-pressed true, then false) and Ctrl-C gave a fresh prompt';
  } finally {
    await page.setViewportSize(old);
  }
}
