// The Paperclips panel: the counters (pushed by the guest after each game
// tick while the page watches paperclips), the player commands enabled or
// disabled exactly as the game's `commands` say (with its reason), the price
// form bounded by the descriptor, and the projects.
import { html, useEffect, useState } from '../lib/html.js';
import { callMethod } from '../actions.js';
import { descriptor } from '../calls.js';
import { entry } from '../store.js';
import { Pill, Outcome, Scroll } from './common.js';

// Cents arrive as numbers (UInt32) or decimal strings (UInt64).
export function dollars(cents) {
  const c = BigInt(cents ?? 0);
  return `$${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}

const BUTTONS = [['make', 'Make a clip'], ['buyWire', 'Buy wire'], ['buyAutoclipper', 'Buy autoclipper']];

function PriceForm({ cap, state, run }) {
  const d = descriptor(cap, 'setPrice');
  const p = d?.params?.[0];
  if (!p) return null;
  const submit = (e) => {
    e.preventDefault();
    run('setPrice', [e.currentTarget.elements.cents.value]);
  };
  return html`<form class="method inline" onSubmit=${submit}>
    <label for="pc-price">Price in cents <span class="muted">${p.min}–${p.max}</span></label>
    <input id="pc-price" name="cents" type="number" inputmode="numeric" step="1" min=${p.min} max=${p.max} required />
    <button type="submit" data-key="pc:setPrice" disabled=${state && !state.enabled} title=${state?.reason || ''}>Set price</button>
  </form>`;
}

export function PaperclipsPanel({ s }) {
  const cap = entry('paperclips');
  const [result, setResult] = useState(null);
  const run = async (verb, args = []) => setResult(await callMethod(cap, verb, args));
  useEffect(() => {
    if (cap && !s.paperclips) run('status');
  }, [!!cap]);
  if (!cap) {
    return html`<section class="panel paperclips" aria-labelledby="pc-title">
      <h2 id="pc-title">Paperclips</h2>
      <p class="empty">Not running in this session. Launch <strong>paperclips</strong> in the catalog above to play.</p>
    </section>`;
  }
  const v = s.paperclips;
  const cmd = (name) => v?.commands?.find((c) => c.name === name);
  const counters = v ? [
    ['Clips', v.clips], ['Unsold', v.unsold], ['Wire', `${v.wire} in`], ['Funds', dollars(v.fundsCents)],
    ['Price', dollars(v.priceCents)], ['Demand', `${v.demandPercent}%`], ['Autoclippers', v.autoclippers],
    ['Autoclipper cost', dollars(v.autoclipperCostCents)], ['Wire cost', dollars(v.wireCostCents)], ['Ticks', v.ticks],
  ] : [];
  return html`
    <section class="panel paperclips" aria-labelledby="pc-title">
      <div class="section-head"><h2 id="pc-title">Paperclips</h2>
        ${v && html`<${Pill}>${v.outcome}</${Pill}>`}</div>
      ${v?.message && html`<p role="status">${v.message}</p>`}
      <dl class="counters">${counters.map(([k, x]) => html`<div><dt>${k}</dt><dd data-counter=${k}>${x}</dd></div>`)}</dl>
      <div class="actions">
        ${BUTTONS.map(([name, label]) => {
          const c = cmd(name);
          return html`<button type="button" data-key=${`pc:${name}`} disabled=${!c?.enabled}
            title=${c?.enabled ? '' : c?.reason || 'no state yet'} onClick=${() => run(name)}>${label}</button>
            ${c && !c.enabled && html`<span class="muted reason">${c.reason}</span>`}`;
        })}
        <button type="button" data-key="pc:status" onClick=${() => run('status')}>Status</button>
      </div>
      <${PriceForm} cap=${cap} state=${cmd('setPrice')} run=${run} />
      <h3>Projects</h3>
      ${v?.projects?.length ? html`<${Scroll} label="Projects"><table>
        <thead><tr><th scope="col">Project</th><th scope="col">Effect</th><th scope="col">Cost</th><th scope="col">State</th></tr></thead>
        <tbody>${v.projects.map((p) => html`<tr data-project=${p.id}>
          <td>${p.title}</td><td>${p.effect}</td><td>${dollars(p.costCents)}</td>
          <td>${p.done ? 'done' : html`<button type="button" data-key=${`pc:project:${p.id}`} disabled=${!p.available}
            title=${p.available ? '' : 'not affordable yet'} onClick=${() => run('project', [p.id])}>Buy</button>
            ${!p.available && html` <span class="muted">not affordable yet</span>`}`}</td></tr>`)}</tbody>
      </table></${Scroll}>` : html`<p class="muted">No project unlocked yet (the first comes at 10 clips).</p>`}
      <${Outcome} result=${result} />
    </section>`;
}
