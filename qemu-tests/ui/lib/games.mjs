// The games and the chat, played from the UI: launch from the catalog, then
// only the panels' buttons (the verbs), with the guest's answers read back
// from the rendered view.
import { expect } from './proofs.mjs';
import { show } from './session.mjs';
import { isPoll } from './guards.mjs';

const text = async (loc) => ((await loc.count()) ? (await loc.first().textContent()).trim() : '');

async function launch(t, page, role, profile, panel) {
  await show(t, page, role, 'services');
  const card = page.locator(`[data-service="${profile}"]`);
  expect(await card.count(), `no ${profile} in the catalog`);
  if ((await card.getAttribute('data-state')) !== 'running') await t.ledger.press(page, role, `launch:${profile}`);
  await page.locator(`[data-service="${profile}"][data-state="running"]`).waitFor({ timeout: 20000 });
  await page.locator(panel).waitFor({ timeout: 20000 });
}

// Clicks a button that sends one request and waits for its answer to be
// rendered (a terminal's read answering meanwhile is not that answer).
export async function answered(t, page, role, key) {
  const done = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rpc' && !isPoll(r.request()), { timeout: 15000 });
  await t.ledger.press(page, role, key);
  await done;
  await page.waitForTimeout(50); // the answer renders on the next frame
}

const keys = (page, prefix) => page.locator(`section.adventure button[data-key^="${prefix}"]`)
  .evaluateAll((bs) => bs.map((b) => b.dataset.key));

// Look, walk (east first: the Stables and its lamp, as in the walkthrough of
// services/adventure-server/README.md) at least once and until a room holds
// an item, take it,
// and light the lamp if that was it. The world is shared and outlives
// sessions, so the lamp may be elsewhere: any item will do.
export async function adventure(t, page, role) {
  await launch(t, page, role, 'adventure', 'section.adventure[data-room]:not([data-room=""])');
  const panel = page.locator('section.adventure');
  const room = () => panel.getAttribute('data-room');
  await answered(t, page, role, 'adv:look');
  const steps = [`look: ${await room()}`];
  let items = await keys(page, 'adv:take:');
  for (let hop = 0; hop < 4 && (hop === 0 || !items.length); hop++) {
    const exits = await keys(page, 'adv:go:');
    expect(exits.length, `no exit from ${await room()}`);
    const go = exits.includes('adv:go:east') ? 'adv:go:east' : exits[hop % exits.length];
    await answered(t, page, role, go);
    steps.push(`go ${go.slice('adv:go:'.length)} -> ${await room()}`);
    items = await keys(page, 'adv:take:');
  }
  expect(items.length, `no item to take in the rooms visited (${steps.join(', ')})`);
  const take = items.includes('adv:take:lamp') ? 'adv:take:lamp' : items[0];
  const item = take.slice('adv:take:'.length);
  await answered(t, page, role, take);
  await page.locator(`section.adventure button[data-key="adv:use:${item}"]`).waitFor({ timeout: 10000 });
  steps.push(`take ${item} (now carried)`);
  if (item === 'lamp') {
    await answered(t, page, role, 'adv:use:lamp');
    steps.push(`use lamp: "${(await text(panel.locator('.adv-message'))).slice(0, 60)}"`);
  }
  const score = await text(panel.locator('.section-head .muted'));
  const walked = await explore(t, page, role, room);
  return `${steps.join('; ')}; ${score}; ${walked}`;
}

const BACK = { north: 'south', south: 'north', east: 'west', west: 'east', up: 'down', down: 'up' };

// Every exit of every room reachable from here, each taken once and walked
// back (the map is symmetric), and every item lying in those rooms taken,
// so no exit or item button a room shows is left unclicked, whichever room
// the story or the button sweep ends in (what is carried shows everywhere).
// An exit that does not move the player (locked, dark) counts as taken.
async function explore(t, page, role, room) {
  const visited = new Set();
  let moves = 0, taken = 0;
  const visit = async () => {
    const here = await room();
    visited.add(here);
    for (const key of await keys(page, 'adv:take:')) {
      await answered(t, page, role, key);
      taken++;
    }
    for (const key of await keys(page, 'adv:go:')) {
      const dir = key.slice('adv:go:'.length);
      await answered(t, page, role, key);
      moves++;
      const there = await room();
      if (there === here) continue;
      if (!visited.has(there)) await visit();
      expect(BACK[dir], `no way back from ${there} after going ${dir}`);
      await answered(t, page, role, `adv:go:${BACK[dir]}`);
      moves++;
      expect((await room()) === here, `going ${BACK[dir]} from ${there} did not lead back to ${here}`);
    }
  };
  await visit();
  return `explored ${visited.size} rooms in ${moves} moves, every exit and ${taken} more items taken`;
}

export async function paperclips(t, page, role) {
  await launch(t, page, role, 'paperclips', 'section.paperclips dd[data-counter="Clips"]');
  const clips = page.locator('section.paperclips dd[data-counter="Clips"]');
  const ticks = page.locator('section.paperclips dd[data-counter="Ticks"]');
  const first = Number(await clips.textContent());
  for (let i = 0; i < 12; i++) {
    await t.ledger.press(page, role, 'pc:make');
    await page.waitForFunction((n) => Number(document.querySelector('section.paperclips dd[data-counter="Clips"]')?.textContent) >= n, first + i + 1);
  }
  const made = Number(await clips.textContent());
  expect(made >= first + 12, `clips ${first} -> ${made} after 12 makes`);
  // Pushed, not polled: the counters move while the page sends nothing.
  const rpcBefore = t.watch.rpcCount();
  const tickBefore = await ticks.textContent();
  await page.waitForFunction((v) => document.querySelector('section.paperclips dd[data-counter="Ticks"]')?.textContent !== v, tickBefore, { timeout: 15000 });
  const tickAfter = await ticks.textContent();
  expect(t.watch.rpcCount() === rpcBefore, 'the page sent requests while waiting for the push');
  // A command the game disables shows its reason.
  const reasons = await page.locator('section.paperclips .actions .reason').allTextContents();
  // The first project unlocks at 10 clips; buy it once sales paid for it.
  let project = 'none unlocked yet';
  const buy = page.locator('section.paperclips button[data-key^="pc:project:"]').first();
  if (await buy.count()) {
    const key = await buy.getAttribute('data-key');
    await page.locator(`button[data-key="${key}"]:enabled`).waitFor({ timeout: 30000 }).catch(() => {});
    if (await page.locator(`button[data-key="${key}"]:enabled`).count()) {
      await t.ledger.press(page, role, key);
      await page.waitForFunction((k) => !document.querySelector(`button[data-key="${k}"]`), key, { timeout: 10000 });
      project = `${key.slice('pc:project:'.length)} bought`;
    } else project = `${key.slice('pc:project:'.length)} unlocked, not yet affordable`;
  }
  return `launched; clips ${first} -> ${made} by 12 clicks; ticks ${tickBefore} -> ${tickAfter} pushed with no request sent; ` +
         `disabled commands say why: ${reasons.join(' / ') || '(none disabled)'}; project: ${project}`;
}

// Two browser contexts: a message sent in one shows up in the other without
// a reload, and without the receiver sending any request (pushed).
export async function chat(t, a, b) {
  const nonce = Math.random().toString(36).slice(2, 8);
  for (const [page, role] of [[a.page, a.role], [b.page, b.role]]) {
    await show(t, page, role, 'services');
    if (await page.locator('button[data-key="chat:chatJoin"]:enabled').count()) {
      await t.ledger.press(page, role, 'chat:chatJoin');
      await page.waitForFunction(() => /you are/.test(document.querySelector('section.chat .section-head')?.textContent || ''));
    }
  }
  await b.watching;
  const evidence = [];
  for (const [from, to] of [[a, b], [b, a]]) {
    const input = from.page.locator('section.chat form.method input[name="text"]');
    if (!(await input.count())) {
      evidence.push(`${from.role} may not send (read-only chat)`);
      continue;
    }
    const line = `hello from ${from.role} ${nonce}`;
    await input.fill(line);
    const rpcBefore = t.watch.rpcCount(to.role);
    const sentAt = Date.now();
    await t.ledger.press(from.page, from.role, 'panel:chat:chatSend');
    await to.page.locator('section.chat .chat-log li', { hasText: line }).waitFor({ timeout: 15000 });
    const ms = Date.now() - sentAt;
    expect(t.watch.rpcCount(to.role) === rpcBefore, `${to.role} sent a request while waiting for "${line}"`);
    await from.page.locator('section.chat .chat-log li', { hasText: line }).waitFor({ timeout: 15000 });
    evidence.push(`"${line}" ${from.role} -> ${to.role} in ${ms} ms, pushed (no request from ${to.role})`);
  }
  expect(evidence.some((e) => e.includes('pushed')), 'no message was delivered');
  return evidence.join('; ');
}
