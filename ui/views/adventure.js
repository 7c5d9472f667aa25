// The Adventure panel, a rich client over the same `adventure` CapSet entry
// the generic forms use: the room, its exits and items as buttons that send
// the verbs (go <direction>, take/use/drop <item>), inventory, others in the
// room, what was heard, the score. Every verb is a Command checked by the
// guest against the entry's descriptors.
import { html, useEffect, useState } from '../lib/html.js';
import { callMethod } from '../actions.js';
import { allows, descriptor } from '../calls.js';
import { entry } from '../store.js';
import { Pill, Outcome } from './common.js';
import { MethodForm } from './forms.js';

function Verb({ cap, verb, arg, label, run }) {
  const ok = allows(cap, verb);
  return html`<button type="button" data-key=${`adv:${verb}${arg ? `:${arg}` : ''}`} disabled=${!ok}
    title=${ok ? '' : `${verb} is not allowed by this entry's policy`}
    onClick=${() => run(verb, arg ? [arg] : [])}>${label}</button>`;
}

function List({ title, items, children }) {
  return html`<div class="adv-list"><h3>${title}</h3>
    ${items.length ? html`<ul class="chips">${children}</ul>` : html`<p class="muted">none</p>`}</div>`;
}

export function AdventurePanel({ s }) {
  const cap = entry('adventure');
  const [result, setResult] = useState(null);
  const run = async (verb, args) => setResult(await callMethod(cap, verb, args));
  // A freshly launched game: look around once so the room shows.
  useEffect(() => {
    if (cap && !s.adventure) run('look', []);
  }, [!!cap]);
  if (!cap) {
    return html`<section class="panel adventure" aria-labelledby="adv-title">
      <h2 id="adv-title">Adventure</h2>
      <p class="empty">Not running in this session. Launch <strong>adventure</strong> in the catalog above to play.</p>
    </section>`;
  }
  const v = s.adventure || { exits: [], items: [], inventory: [], others: [], heard: [], players: [] };
  const say = descriptor(cap, 'say');
  return html`
    <section class="panel adventure" aria-labelledby="adv-title" data-room=${v.room}>
      <div class="section-head">
        <h2 id="adv-title">Adventure${v.room ? `: ${v.room}` : ''}</h2>
        <span class="muted">score ${v.score ?? 0}/${v.maxScore ?? 0}, ${v.moves ?? 0} moves${v.you ? `, you are ${v.you}` : ''}</span>
        ${v.won && html`<${Pill} tone="on">won</${Pill}>`}
      </div>
      <div class="actions">
        <${Verb} cap=${cap} verb="look" label="Look" run=${run} />
        <${Verb} cap=${cap} verb="inventory" label="Inventory" run=${run} />
        <${Verb} cap=${cap} verb="status" label="Status" run=${run} />
        <${Verb} cap=${cap} verb="who" label="Who" run=${run} />
      </div>
      ${v.description && html`<p class="room-description">${v.description}</p>`}
      ${v.message && html`<p class="adv-message" role="status"><${Pill} tone=${v.outcome === 'ok' ? '' : 'off'}>${v.outcome}</${Pill}> ${v.message}</p>`}
      <div class="adv-grid">
        <${List} title="Exits" items=${v.exits}>
          ${v.exits.map((d) => html`<li><${Verb} cap=${cap} verb="go" arg=${d} label=${`Go ${d}`} run=${run} /></li>`)}
        </${List}>
        <${List} title="Here" items=${v.items}>
          ${v.items.map((i) => html`<li><${Verb} cap=${cap} verb="take" arg=${i} label=${`Take ${i}`} run=${run} /></li>`)}
        </${List}>
        <${List} title="Carrying" items=${v.inventory}>
          ${v.inventory.map((i) => html`<li><${Verb} cap=${cap} verb="use" arg=${i} label=${`Use ${i}`} run=${run} />
            <${Verb} cap=${cap} verb="drop" arg=${i} label=${`Drop ${i}`} run=${run} /></li>`)}
        </${List}>
      </div>
      ${v.others.length > 0 && html`<p>Also here: ${v.others.join(', ')}</p>`}
      ${v.players.length > 0 && html`<p>Players: ${v.players.join('; ')}</p>`}
      ${v.heard.length > 0 && html`<ul class="heard" aria-label="Heard">${v.heard.map((m, i) => html`<li key=${i}><strong>${m.from}</strong> ${m.text}</li>`)}</ul>`}
      ${say && html`<${MethodForm} entry=${cap} d=${say} label="Say" scope="panel" />`}
      <${Outcome} result=${result} />
    </section>`;
}
