// Session health: who is signed in, how, with which profile, and whether the
// guest still holds the session; log out; and "Refresh & show diff", which
// re-reads sessionInfo and the CapSet and lists what changed since the last
// snapshot (caps added or removed, policy, methods or lease changed).
import { html, useState } from '../lib/html.js';
import { logout, send, snapshotOf } from '../actions.js';
import { get, set } from '../store.js';
import { lease } from './capset.js';
import { Outcome } from './common.js';

const FIELDS = [['principal', 'Principal'], ['principalClass', 'Class'], ['profile', 'Profile'],
                ['authMethod', 'Auth method'], ['sessionTag', 'Connection tag'], ['live', 'Live']];

export function diff(before, after) {
  const changes = [];
  for (const [k, label] of FIELDS) {
    if (String(before.session?.[k]) !== String(after.session?.[k])) {
      changes.push(['changed', `${label}: ${before.session?.[k]} → ${after.session?.[k]}`]);
    }
  }
  const key = (e) => `${e.name}#${e.interfaceId}`;
  const old = new Map(before.caps.map((e) => [key(e), e]));
  const now = new Map(after.caps.map((e) => [key(e), e]));
  for (const [k, e] of now) if (!old.has(k)) changes.push(['added', `${e.name} (${e.interfaceName}, ${e.policy})`]);
  for (const [k, e] of old) if (!now.has(k)) changes.push(['removed', `${e.name} (${e.interfaceName})`]);
  for (const [k, e] of now) {
    const o = old.get(k);
    if (!o) continue;
    if (o.policy !== e.policy) changes.push(['changed', `${e.name}: policy ${o.policy} → ${e.policy}`]);
    if (lease(o.lease) !== lease(e.lease)) changes.push(['changed', `${e.name}: lease ${lease(o.lease)} → ${lease(e.lease)}`]);
    if ((o.methods || []).join() !== (e.methods || []).join()) {
      changes.push(['changed', `${e.name}: methods ${(o.methods || []).join(', ')} → ${(e.methods || []).join(', ')}`]);
    }
  }
  return changes;
}

export function SessionView({ s }) {
  const report = s.diff;
  const [result, setResult] = useState(null);
  async function refresh() {
    const before = get().snapshot || snapshotOf(s.session, s.caps);
    const info = await send('sessionInfo');
    const caps = await send('capSetList');
    const bad = info.denial ? info : caps.denial ? caps : null;
    setResult(bad || info);
    if (bad) return;
    const after = snapshotOf(info.value, caps.value);
    set({ snapshot: after, diff: { since: before.at, changes: diff(before, after) } });
  }
  const v = s.session || {};
  return html`
    <dl class="facts-grid">
      ${FIELDS.map(([k, label]) => html`<div><dt>${label}</dt><dd data-field=${k}>${String(v[k] ?? '')}</dd></div>`)}
    </dl>
    <div class="actions">
      <button type="button" data-key="session:diff" onClick=${refresh}>Refresh & show diff</button>
      <button type="button" data-key="session:logout" onClick=${logout}>Log out</button>
    </div>
    <${Outcome} result=${result} />
    ${report && html`<section class="diff" aria-labelledby="diff-title">
      <h2 id="diff-title">Changes since ${report.since}</h2>
      ${report.changes.length === 0 ? html`<p data-diff="none">No changes: same session, same capabilities.</p>`
        : html`<ul>${report.changes.map(([kind, text]) => html`<li class=${`diff-${kind}`} data-diff=${kind}><span class="pill">${kind}</span> ${text}</li>`)}</ul>`}
    </section>`}`;
}
