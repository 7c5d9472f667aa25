// Diagnostics, away from the everyday views: the message of the day and the
// build info (system_info), a stale-session probe, and the raw JSON of the
// last request and answer (passwords are never kept, see api.js).
import { html } from '../lib/html.js';
import { callMethod } from '../actions.js';
import { rpc } from '../api.js';
import { allows } from '../calls.js';
import { entry, get, set } from '../store.js';

// Results are kept in the store, so they are still there after a visit to
// another view.
const keep = (patch) => set({ diag: { ...get().diag, ...patch } });
import { Outcome } from './common.js';

function SystemInfo({ result }) {
  const cap = entry('system_info');
  if (!cap) return html`<p class="empty">No system_info entry in this CapSet.</p>`;
  const button = (method, label) => html`<button type="button" data-key=${`diag:${method}`}
    disabled=${!allows(cap, method)} onClick=${async () => keep({ system: await callMethod(cap, method) })}>${label}</button>`;
  return html`<div class="actions">${button('systemMotd', 'Message of the day')} ${button('systemBuildInfo', 'Build info')}</div>
    <${Outcome} result=${result} />`;
}

// What the guest answers for this browser's session id, and for a request
// that carries no id at all. An id the guest has rotated out (after logout
// or a new login) is answered staleSession with 401 and the cookies cleared;
// the page cannot send an old id itself (capos_sid is HttpOnly), so the
// probe shows the current id's answer next to the no-cookie one.
function StaleProbe({ current, none }) {
  async function probe() {
    const withId = await rpc('sessionInfo');
    keep({ current: withId, none: await rpc('sessionInfo', null, { omitCookies: true }) });
  }
  return html`
    <p>Every request names its session by the <code>capos_sid</code> cookie. Login and logout rotate it;
      from then on the old id is unknown, and any request with it is answered <code>staleSession</code> and
      sends the page back to the login view.</p>
    <button type="button" data-key="diag:probe" onClick=${probe}>Probe the session</button>
    ${current && html`<div class="probe"><h3>With this browser's id</h3><${Outcome} result=${current} /></div>`}
    ${none && html`<div class="probe"><h3>Without cookies</h3><${Outcome} result=${none} />
      <p class="muted">Refused before the API: a POST must carry the double-submit token, and the cookie it is checked against.</p></div>`}`;
}

export function DiagnosticsView({ s }) {
  return html`
    <section aria-labelledby="sys-title"><h2 id="sys-title">System</h2><${SystemInfo} result=${s.diag.system} /></section>
    <section aria-labelledby="probe-title"><h2 id="probe-title">Stale-session probe</h2>
      <${StaleProbe} current=${s.diag.current} none=${s.diag.none} /></section>
    <section aria-labelledby="raw-title"><h2 id="raw-title">Last result (raw JSON)</h2>
      ${s.last ? html`<p class="muted">${s.last.at}: HTTP ${s.last.status}, ${s.last.kind}</p>
        <pre class="raw" tabindex="0" aria-label="Last request and answer">${JSON.stringify({ request: s.last.request, response: s.last.body }, null, 2)}</pre>`
        : html`<p class="empty">No request yet.</p>`}
    </section>`;
}
