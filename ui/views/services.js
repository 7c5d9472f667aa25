// Services, the action hub: the catalog (launch / stop), the rich panels of
// the services this session holds (Chat, Adventure, Paperclips, Terminal), and a
// generic form for every method of every CapSet entry, generated from its
// descriptors, so a service without a rich panel is still usable.
import { html, useState } from '../lib/html.js';
import { refreshCatalog } from '../actions.js';
import { entry } from '../store.js';
import { Catalog } from './catalog.js';
import { ChatPanel } from './chat.js';
import { AdventurePanel } from './adventure.js';
import { PaperclipsPanel } from './paperclips.js';
import { TerminalPanel } from './terminal.js';
import { EntryForms } from './forms.js';

function GenericForms({ caps }) {
  const [picked, pick] = useState('');
  const current = caps.find((e) => e.name === picked) || caps[0];
  if (!current) return html`<p class="empty">The CapSet is empty.</p>`;
  return html`
    <div class="split">
      <div class="entry-list" role="group" aria-label="CapSet entries">
        ${caps.map((e) => html`<button type="button" data-key=${`entry:${e.name}`}
          aria-pressed=${String(e === current)} onClick=${() => pick(e.name)}>${e.name}</button>`)}
      </div>
      <div class="entry-forms" data-entry=${current.name}>
        <h3>${current.name} <span class="muted">${current.interfaceName}, ${current.policy}</span></h3>
        <${EntryForms} key=${current.name} entry=${current} />
      </div>
    </div>`;
}

export function ServicesView({ s }) {
  const has = (name) => !!entry(name);
  const offered = (name) => s.catalog.some((c) => c.name === name);
  return html`
    <section aria-labelledby="catalog-title">
      <div class="section-head">
        <h2 id="catalog-title">Catalog</h2>
        <button type="button" data-key="catalog:refresh" onClick=${refreshCatalog}>Refresh</button>
      </div>
      <${Catalog} catalog=${s.catalog} />
    </section>
    ${has('chat') && html`<${ChatPanel} s=${s} />`}
    ${(has('adventure') || offered('adventure')) && html`<${AdventurePanel} s=${s} />`}
    ${(has('paperclips') || offered('paperclips')) && html`<${PaperclipsPanel} s=${s} />`}
    ${has('terminal') && html`<${TerminalPanel} s=${s} />`}
    <section aria-labelledby="forms-title">
      <h2 id="forms-title">Every method</h2>
      <p class="muted">Forms generated from each entry's descriptors; the rich panels above use the same calls.</p>
      <${GenericForms} caps=${s.caps} />
    </section>`;
}
