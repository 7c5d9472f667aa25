// The Terminal panel (shown when the CapSet has a `terminal` entry): open a
// shell in a new terminal, the session's live terminals with Attach (take
// it as owner) and Follow (watch, read-only), Detach and Close, the xterm.js
// screen, and a key bar for touch keyboards at narrow widths. The calls and
// the screen are terminal/link.js; this file only draws them.
import { html, useEffect, useRef } from '../lib/html.js';
import { allows } from '../calls.js';
import { entry } from '../store.js';
import { BAR } from '../terminal/keys.js';
import {
  attachTerminal, closeTerminal, detachTerminal, mountScreen, openTerminal, panelShown, pressKey,
  refreshList, restyleScreen,
} from '../terminal/link.js';
import { Outcome, Pill, Scroll } from './common.js';

// The screen's container: xterm's element is moved in while the panel is
// on screen and out when it is not, so the terminal and its scrollback
// outlive a change of view. Preact renders the container empty and never
// touches what is put into it.
function ScreenBox({ theme }) {
  const box = useRef(null);
  useEffect(() => mountScreen(box.current), []);
  useEffect(restyleScreen, [theme]);
  return html`<div class="term-box" ref=${box}></div>`;
}

function TerminalRow({ t, link, cap }) {
  const mine = link?.terminalId === t.id && ['live', 'attaching', 'offline'].includes(link.state);
  const owned = mine && link.mode === 'owner';
  const followed = mine && link.mode === 'follower';
  const canOwn = allows(cap, 'terminalWrite');
  return html`<tr data-terminal=${t.id}>
    <td>${t.name}</td>
    <td>${t.cols}×${t.rows}</td>
    <td>${t.state}${t.paused ? ' (paused: its owner has not read)' : ''}</td>
    <td>${t.ownerAttached ? 'attached' : 'none'}${t.followers ? `, ${t.followers} following` : ''}</td>
    <td class="row-actions">
      <button type="button" data-key=${`term:attach:${t.id}`} disabled=${owned || !canOwn}
        title=${!canOwn ? "this entry's policy is read-only" : owned ? 'attached here' : ''}
        aria-label=${`Attach to ${t.name} as its owner`} onClick=${() => attachTerminal(t.id, 'owner')}>Attach</button>
      <button type="button" data-key=${`term:follow:${t.id}`} disabled=${followed}
        title=${followed ? 'following here' : ''}
        aria-label=${`Follow ${t.name}, read-only`} onClick=${() => attachTerminal(t.id, 'follower')}>Follow</button>
    </td>
  </tr>`;
}

function KeyBar({ ctrl }) {
  return html`<div class="term-keys" role="group" aria-label="Terminal keys">
    ${BAR.map(([name, label, spoken]) => html`<button type="button" data-key=${`term:key:${name}`}
      aria-label=${spoken} aria-pressed=${name === 'ctrl' ? String(ctrl) : null}
      title=${name === 'ctrl' ? 'Ctrl for the next key typed' : null}
      onClick=${() => pressKey(name)}>${label}</button>`)}
  </div>`;
}

export function TerminalPanel({ s }) {
  const cap = entry('terminal');
  const t = s.terminal;
  const link = t.link;
  useEffect(() => {
    panelShown();
  }, []);
  const attached = link && ['live', 'attaching', 'offline'].includes(link.state);
  const owner = attached && link.mode === 'owner';
  const state = link ? `${link.mode}, ${link.state}` : 'not attached';
  const name = link ? `term-${link.terminalId}` : '';
  return html`
    <section class="panel terminal" aria-labelledby="term-title"
      data-term-state=${link?.state || 'none'} data-term-mode=${link?.mode || ''} data-term-id=${link?.terminalId || ''}>
      <div class="section-head">
        <h2 id="term-title">Terminal</h2>
        <${Pill}>${name ? `${name}: ${state}` : state}</${Pill}>
        ${attached && link.mode === 'follower' && html`<${Pill} tone="on">read-only</${Pill}>`}
      </div>
      <p class="muted term-note" role="status">${t.note}</p>
      <div class="actions">
        <button type="button" data-key="term:open" disabled=${!allows(cap, 'terminalOpen')}
          title=${allows(cap, 'terminalOpen') ? '' : "this entry's policy is read-only"}
          onClick=${openTerminal}>Open terminal</button>
        <button type="button" data-key="term:list" onClick=${refreshList}>Refresh list</button>
        <button type="button" data-key="term:detach" disabled=${!attached} onClick=${detachTerminal}>Detach</button>
        <button type="button" data-key="term:close" disabled=${!owner} title=${owner ? '' : 'only the owner may close it'}
          onClick=${closeTerminal}>Close</button>
      </div>
      ${t.list?.length ? html`<${Scroll} label="Terminals of this session"><table class="term-list">
        <thead><tr><th scope="col">Terminal</th><th scope="col">Size</th><th scope="col">State</th>
          <th scope="col">Owner</th><th scope="col">Attach</th></tr></thead>
        <tbody>${t.list.map((x) => html`<${TerminalRow} key=${x.id} t=${x} link=${link} cap=${cap} />`)}</tbody>
      </table></${Scroll}>` : html`<p class="empty">${t.list ? 'No live terminal in this session.' : 'Listing terminals…'}</p>`}
      <div class=${`term-frame${attached ? '' : ' idle'}`}>
        <${ScreenBox} theme=${document.documentElement.dataset.theme} />
      </div>
      ${owner && html`<${KeyBar} ctrl=${t.ctrl} />`}
      <${Outcome} result=${t.result} />
    </section>`;
}
