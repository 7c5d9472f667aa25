// The click ledger: every visible <button> the UI shows, and whether the test
// clicked it. A button's identity is its scope (the view it sits in: login,
// shell for the header and nav, or the app view) plus its data-key (its text
// when it has none, which is reported). snapshot() is taken after every
// click, so buttons that appear later (a new room's exits, a project) are
// seen too; report() lists any never clicked.
import { expect } from './proofs.mjs';

const INERT_WAIT_MS = 300;

// Runs in the page: the visible buttons, in document order.
function visibleButtons() {
  const scopeOf = (b) => {
    if (b.closest('[data-view="login"]')) return 'login';
    const view = b.closest('main.view');
    return view ? view.dataset.view : 'shell';
  };
  return [...document.querySelectorAll('button')]
    .filter((b) => b.checkVisibility({ visibilityProperty: true, opacityProperty: false }) && b.getClientRects().length > 0)
    .map((b) => ({
      scope: scopeOf(b),
      dataKey: b.dataset.key || '',
      text: b.textContent.trim().replace(/\s+/g, ' ').slice(0, 60),
      disabled: b.disabled,
    }));
}

export class Ledger {
  constructor(watch) {
    this.watch = watch;
    this.seen = new Map();    // id -> {scope, text, roles:Set, keyless}
    this.clicked = new Map(); // id -> 'enabled' | 'inert'
    this.byRole = new Map();  // role -> Set of ids clicked in that role
    this.duplicates = new Set();
  }

  static id(b) {
    return `${b.scope}|${b.dataKey || `text:${b.text}`}`;
  }

  async snapshot(page, role) {
    const buttons = await page.evaluate(visibleButtons);
    const now = new Set();
    for (const b of buttons) {
      const id = Ledger.id(b);
      if (now.has(id)) this.duplicates.add(id);
      now.add(id);
      const entry = this.seen.get(id) || { scope: b.scope, text: b.text, roles: new Set(), keyless: !b.dataKey };
      entry.roles.add(role);
      this.seen.set(id, entry);
    }
    return buttons.map((b) => ({ ...b, id: Ledger.id(b) }));
  }

  locator(page, b) {
    const scope = b.scope === 'login' ? '[data-view="login"]' : b.scope === 'shell' ? '.shell > header, .shell > nav' : `main.view[data-view="${b.scope}"]`;
    const sel = b.dataKey ? `button[data-key="${b.dataKey.replace(/"/g, '\\"')}"]` : 'button';
    let loc = page.locator(scope).locator(sel);
    if (!b.dataKey) loc = loc.filter({ hasText: b.text });
    return loc.locator('visible=true').first();
  }

  // Clicks one button. A disabled one is clicked with force and must stay
  // inert: no request may leave the page because of it.
  async click(page, b, role) {
    const loc = this.locator(page, b);
    this.watch.lastClick = `${role} ${b.id}`;
    if (b.disabled) {
      const before = this.watch.rpcCount();
      await loc.click({ force: true, timeout: 5000 });
      await page.waitForTimeout(INERT_WAIT_MS);
      expect(this.watch.rpcCount() === before, `disabled button ${b.id} sent a request`);
      this.clicked.set(b.id, this.clicked.get(b.id) || 'inert');
    } else {
      await loc.click({ timeout: 10000 });
      this.clicked.set(b.id, 'enabled');
    }
    if (!this.byRole.has(role)) this.byRole.set(role, new Set());
    this.byRole.get(role).add(b.id);
  }

  // Clicks the button with this data-key in the current view (a scripted
  // step), recording it; waits for it to be enabled first.
  async press(page, role, dataKey, { scope } = {}) {
    const buttons = await this.snapshot(page, role);
    const b = buttons.find((x) => x.dataKey === dataKey && (!scope || x.scope === scope));
    expect(b, `no visible button data-key="${dataKey}"${scope ? ` in ${scope}` : ''}`);
    if (b.disabled) {
      await this.locator(page, b).and(page.locator(':enabled')).waitFor({ timeout: 10000 });
      b.disabled = false;
    }
    await this.click(page, b, role);
    await this.snapshot(page, role);
  }

  // Clicks every visible button this role has not clicked yet, again and
  // again until none is left. Order: the most recently revealed first (an
  // entry's forms right after the entry is picked, before another entry
  // hides them), then by rank among those revealed together (lower first:
  // a room's items before its exits, Stop last), then page order. Empty inputs of method forms
  // are filled first so that a click sends a request instead of stopping at
  // validation. `skip` ids are never clicked here.
  async sweep(page, role, { skip = () => false, rank = () => 0, settle, maxClicks = 400 } = {}) {
    const mine = this.byRole.get(role) || new Set();
    this.byRole.set(role, mine);
    const revealed = new Map(); // id -> the click after which it was first seen
    for (let n = 0; n < maxClicks; n++) {
      await fillEmpty(page);
      const buttons = await this.snapshot(page, role);
      for (const b of buttons) if (!revealed.has(b.id)) revealed.set(b.id, n);
      const todo = buttons.filter((b) => !mine.has(b.id) && !skip(b.id));
      if (!todo.length) return n;
      const better = (a, b) => revealed.get(b.id) - revealed.get(a.id) || rank(a.id) - rank(b.id);
      const next = todo.reduce((best, b) => (better(b, best) < 0 ? b : best));
      await this.click(page, next, role);
      if (settle) await settle();
    }
    throw new Error(`sweep for ${role} did not finish within ${maxClicks} clicks`);
  }

  // {ok, total, clicked, inert, missing:[id], keyless:[id], byScope}
  report() {
    const missing = [...this.seen.keys()].filter((id) => !this.clicked.has(id));
    const byScope = {};
    for (const [id, e] of this.seen) byScope[e.scope] = (byScope[e.scope] || 0) + (id ? 1 : 0);
    const inert = [...this.clicked.values()].filter((v) => v === 'inert').length;
    return {
      total: this.seen.size, clicked: this.seen.size - missing.length, inert, missing, byScope,
      keyless: [...this.seen].filter(([, e]) => e.keyless).map(([id]) => id), duplicates: [...this.duplicates],
    };
  }
}

// Fills empty, visible inputs of method forms: text with "uitest" (a word
// every text parameter accepts: 1..N printable bytes), numbers with their
// minimum.
async function fillEmpty(page) {
  await page.evaluate(() => {
    for (const input of document.querySelectorAll('form.method input')) {
      if (input.value !== '' || !input.checkVisibility()) continue;
      if (input.type === 'text') input.value = 'uitest';
      else if (input.type === 'number') input.value = input.min || '0';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
}
