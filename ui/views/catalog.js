// The service catalog: every profile this session may see, its state for
// this session, what it needs (grants by holder), what it exports into the
// CapSet, its launch policy, and why it cannot be launched when it cannot.
// Launch names the profile's clientFacet grants with the catalog's interface
// ids; the guest supplies the backend-held and service-owned ones.
import { html, useEffect, useState } from '../lib/html.js';
import { launch, refreshCaps, refreshCatalog, stop } from '../actions.js';
import { Pill, Outcome } from './common.js';

const ACTIVE = new Set(['running', 'starting']);

function Service({ svc }) {
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const running = ACTIVE.has(svc.state);
  const act = (fn) => async () => {
    setBusy(true);
    setResult(await fn(svc));
    setBusy(false);
  };
  const launchWhy = !svc.available ? `${svc.unavailable}: ${svc.reason}` : running ? 'already running in this session' : '';
  return html`
    <article class="card service" data-service=${svc.name} data-state=${svc.state}>
      <header>
        <h3>${svc.name}</h3>
        <${Pill} tone=${running ? 'on' : ''}>${svc.state}</${Pill}>
        ${!svc.available && html`<${Pill} tone="off">${svc.unavailable}</${Pill}>`}
      </header>
      <p>${svc.description}</p>
      ${!svc.available && html`<p class="why">Not available: ${svc.reason}</p>`}
      <details>
        <summary>Grants, exports and policy</summary>
        <ul class="facts">
          ${(svc.grants || []).map((g) => html`<li>grant <code>${g.name}</code>: ${g.interfaceName} (${g.holder}, ${g.transfer})</li>`)}
          ${(svc.exports || []).map((x) => html`<li>exports <code>${x.capName}</code>: ${x.interfaceName}</li>`)}
          ${(svc.companions || []).map((c) => html`<li>companion ${c.binary} ×${c.count}${c.shared ? ' (shared)' : ''}</li>`)}
          <li>binaries: ${(svc.binaries || []).join(', ')}</li>
          <li>start ${svc.policy?.start}, attach ${svc.policy?.attach}, stop ${svc.policy?.stop};
            limits ${svc.policy?.perSessionLimit} per session, ${svc.policy?.systemLimit} system-wide</li>
        </ul>
      </details>
      <div class="actions">
        <button type="button" data-key=${`launch:${svc.name}`} disabled=${busy || !!launchWhy}
          title=${launchWhy} onClick=${act(launch)}>Launch ${svc.name}</button>
        <button type="button" data-key=${`stop:${svc.name}`} disabled=${busy || !running}
          title=${running ? '' : 'not running in this session'} onClick=${act(stop)}>Stop</button>
        ${launchWhy && html`<span class="muted">${launchWhy}</span>`}
      </div>
      <${Outcome} result=${result} />
    </article>`;
}

export function Catalog({ catalog }) {
  // starting / stopping are moments, not states to show forever: look again
  // until the service settles (the push channel carries no service states).
  const moving = catalog.some((svc) => svc.state === 'starting' || svc.state === 'stopping');
  useEffect(() => {
    if (!moving) return undefined;
    const timer = setTimeout(() => refreshCatalog().then(refreshCaps), 1000);
    return () => clearTimeout(timer);
  }, [moving, catalog]);
  if (!catalog.length) {
    return html`<p class="empty">No services in this session's catalog. Sessions without a service runner (guest, anonymous) see none or cannot launch.</p>`;
  }
  return html`<div class="cards">${catalog.map((svc) => html`<${Service} key=${svc.name} svc=${svc} />`)}</div>`;
}
