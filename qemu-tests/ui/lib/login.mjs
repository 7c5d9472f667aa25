// Before any session: the first load of the page (sizes, origins), the
// login view against /api/hello, a refused login, and a login by keyboard.
import { expect } from './proofs.mjs';
import { denialCode, openLogin } from './session.mjs';

// The largest single response the first load may carry.
const MAX_RESPONSE_BYTES = 200 * 1024;

// The first load of the page: every response, its size, its origin.
export async function firstLoad(t, page) {
  const responses = [];
  const hello = page.waitForResponse((r) => r.url().endsWith('/api/hello'));
  hello.catch(() => {}); // awaited only after a load that worked; a failed one must not crash the run
  const onResponse = async (r) => {
    const body = await r.body().catch(() => Buffer.alloc(0));
    responses.push({ url: r.url(), status: r.status(), bytes: body.length });
  };
  // Requests still open when the load fails: which answer never came.
  const open = new Set();
  const onRequest = (r) => open.add(r);
  const onDone = (r) => open.delete(r);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('response', onResponse);
  try {
    await openLogin(page, t.url);
    await page.waitForLoadState('networkidle');
  } catch (e) {
    const pending = [...open].map((r) => new URL(r.url()).pathname);
    throw new Error(`${e.message.split('\n')[0]}; ${responses.length} answered, still open: ` +
                    `${pending.join(', ') || 'none'}`);
  } finally {
    page.off('response', onResponse);
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
  const largest = responses.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, url: '' });
  const total = responses.reduce((n, r) => n + r.bytes, 0);
  const foreign = responses.filter((r) => !r.url.startsWith(t.url + '/'));
  expect(foreign.length === 0, () => `responses from elsewhere: ${foreign.map((r) => r.url).join(', ')}`);
  expect(responses.every((r) => r.status < 400), () => `failed: ${responses.filter((r) => r.status >= 400).map((r) => `${r.url} ${r.status}`).join(', ')}`);
  expect(largest.bytes <= MAX_RESPONSE_BYTES, `largest response ${largest.bytes} bytes (${largest.url}) is over ${MAX_RESPONSE_BYTES}`);
  t.hello = await (await hello).json();
  return `${responses.length} requests, ${total} bytes in all; largest ${largest.bytes} bytes ` +
         `(${new URL(largest.url).pathname}) <= ${MAX_RESPONSE_BYTES}; all from ${t.url}`;
}

export async function loginView(t, page) {
  const user = page.locator('input[name="username"]');
  expect((await user.inputValue()) === '', 'the username is pre-filled');
  expect((await page.locator('input[name="password"]').getAttribute('type')) === 'password', 'no password field');
  for (const k of ['guest', 'anonymous']) expect(await page.locator(`button[data-key="login:${k}"]`).count(), `no ${k} button`);
  const disabled = t.hello.authMethods.filter((m) => !m.enabled);
  const listed = [];
  for (const m of disabled) {
    const li = page.locator(`.auth-disabled li[data-method="${m.name}"]`);
    expect(await li.count(), `disabled method ${m.name} is not listed`);
    const text = (await li.textContent()).replace(/\s+/g, ' ');
    const reason = m.reason.replace(/\s+/g, ' ').trim();
    expect(/disabled/.test(text) && text.includes(reason), `${m.name}: "${text}" lacks "disabled" or the reason "${reason}"`);
    listed.push(m.name);
  }
  return `username empty; password, Guest, Anonymous present; disabled methods listed with reasons: ${listed.join(', ') || '(none disabled)'}`;
}

export async function refusedLogin(t, page, role, user, password) {
  await page.locator('input[name="username"]').fill(user);
  await page.locator('input[name="password"]').fill(`${password}-not-it`);
  await t.ledger.press(page, role, 'login:password');
  await page.locator('[data-view="login"] .denied').waitFor({ timeout: 15000 });
  const code = await denialCode(page.locator('[data-view="login"]'));
  expect(code === 'authDenied', `denial ${code || '(none)'}, want authDenied`);
  expect(await page.locator('[data-view="login"]').count(), 'left the login view');
  expect((await page.locator('input[name="username"]').inputValue()) === user, 'the typed username was lost');
  expect((await page.locator('input[name="password"]').inputValue()) === '', 'the password stays in the field');
  return 'wrong password: stays on the login view with typed authDenied; username kept, password cleared';
}

// Tab from the top of the page to the username, type, Tab, type, Enter.
export async function keyboardLogin(page, user, password) {
  await page.locator('body').focus();
  let tabs = 0;
  while (tabs < 12 && !(await page.evaluate(() => document.activeElement?.name === 'username'))) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  expect(tabs < 12, 'Tab never reached the username field');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.name === 'password'), 'Tab from the username does not reach the password');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  return tabs;
}
