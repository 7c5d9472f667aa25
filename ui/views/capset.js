// The CapSet, for inspection: every entry with its interface name and id,
// policy, allowed methods and lease, searchable by any of them.
import { html, useState } from '../lib/html.js';
import { refreshCaps } from '../actions.js';
import { Scroll } from './common.js';

export function lease(l) {
  if (!l) return '';
  const bound = l.sessionBound ? 'ends with the session' : 'outlives the session';
  return l.expiresInMs && l.expiresInMs !== '0' ? `${bound}; expires in ${l.expiresInMs} ms` : bound;
}

// The id as the schemas write it (@0x...); the wire carries it as a decimal
// string (Cap'n Proto's JSON for a UInt64), which BigInt reads exactly.
export function hexId(id) {
  try {
    return `@0x${BigInt(id).toString(16).padStart(16, '0')}`;
  } catch {
    return String(id);
  }
}

function matches(e, q) {
  const hay = [e.name, e.interfaceName, e.interfaceId, hexId(e.interfaceId), e.policy,
    ...(e.methods || []), lease(e.lease)];
  return hay.some((x) => String(x).toLowerCase().includes(q));
}

export function CapSetView({ s }) {
  const [q, setQ] = useState('');
  const shown = s.caps.filter((e) => matches(e, q.trim().toLowerCase()));
  return html`
    <div class="toolbar">
      <label for="capset-search">Search</label>
      <input id="capset-search" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)}
        placeholder="name, interface, id, policy, method" />
      <button type="button" data-key="capset:refresh" onClick=${refreshCaps}>Refresh</button>
      <span class="muted" role="status">${shown.length} of ${s.caps.length} entries</span>
    </div>
    <${Scroll} label="CapSet entries">
      <table class="capset">
        <thead><tr>
          <th scope="col">Name</th><th scope="col">Interface</th><th scope="col">Interface id</th>
          <th scope="col">Policy</th><th scope="col">Methods</th><th scope="col">Lease</th>
        </tr></thead>
        <tbody>
          ${shown.map((e) => html`<tr key=${e.name} data-entry=${e.name}>
            <th scope="row">${e.name}</th><td>${e.interfaceName}</td><td><code title=${e.interfaceId}>${hexId(e.interfaceId)}</code></td>
            <td>${e.policy}</td><td>${(e.methods || []).join(', ')}</td><td>${lease(e.lease)}</td></tr>`)}
        </tbody>
      </table>
    </${Scroll}>
    ${shown.length === 0 && html`<p class="empty">No entry matches “${q}”. Clear the search to see all ${s.caps.length}.</p>`}`;
}
