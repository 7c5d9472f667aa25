// Logging in and out through the UI, and moving between its views. Every
// click goes through the ledger, so scripted steps count as clicks too.
import { expect } from './proofs.mjs';

export const VIEWS = ['services', 'capset', 'session', 'diagnostics', 'transcript'];
export const THEMES = ['light', 'dark', 'retro', 'hacker'];

// The Services view counts as rendered once its catalog (or its empty
// state) is on screen: the app shows it only after the CapSet and the
// catalog are loaded.
export const SERVICES_READY = 'main.view[data-view="services"] :is(.cards, p.empty)';

export async function openLogin(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('[data-view="login"]').waitFor();
}

// Logs in by password; returns the milliseconds from the click to the
// rendered Services view. The password is typed, never printed.
export async function passwordLogin(t, page, role, user, password) {
  await page.locator('input[name="username"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  const start = Date.now();
  await t.ledger.press(page, role, 'login:password');
  await page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
  return Date.now() - start;
}

// Guest or anonymous, by its button.
export async function buttonLogin(t, page, role, kind) {
  const start = Date.now();
  await t.ledger.press(page, role, `login:${kind}`);
  await page.locator(SERVICES_READY).first().waitFor({ timeout: 20000 });
  return Date.now() - start;
}

export async function show(t, page, role, view) {
  if ((await page.locator(`main.view[data-view="${view}"]`).count()) === 0) {
    await t.ledger.press(page, role, `nav:${view}`, { scope: 'shell' });
  }
  await page.locator(`main.view[data-view="${view}"]`).waitFor();
}

export async function setTheme(t, page, role, theme, scope) {
  await t.ledger.press(page, role, `theme:${theme}`, { scope });
  const now = await page.evaluate(() => document.documentElement.dataset.theme);
  expect(now === theme, `theme ${theme} not applied (data-theme=${now})`);
}

export async function principal(page) {
  return page.locator('.who').getAttribute('data-principal');
}

// The typed denial a view shows (its code), or ''.
export async function denialCode(locator) {
  const code = locator.locator('.denied .code').first();
  return (await code.count()) ? (await code.textContent()).trim() : '';
}
