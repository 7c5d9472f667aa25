// The signed-in app shell: a compact header (who is signed in, the theme,
// log out) and one view at a time, picked in the nav. Services is the action
// hub and the first view after login.
import { html, useEffect, useRef } from '../lib/html.js';
import { logout } from '../actions.js';
import { set } from '../store.js';
import { Notice, ThemeSwitch } from './common.js';
import { ServicesView } from './services.js';
import { CapSetView } from './capset.js';
import { SessionView } from './session.js';
import { DiagnosticsView } from './diagnostics.js';
import { TranscriptView } from './transcript.js';

export const VIEWS = [
  ['services', 'Services', ServicesView],
  ['capset', 'CapSet', CapSetView],
  ['session', 'Session', SessionView],
  ['diagnostics', 'Diagnostics', DiagnosticsView],
  ['transcript', 'Transcript', TranscriptView],
];

export function Shell({ s }) {
  const heading = useRef(null);
  const [, title, View] = VIEWS.find(([id]) => id === s.view) || VIEWS[0];
  // Moving focus to the new view's heading tells keyboard and screen-reader
  // users that the view changed.
  useEffect(() => heading.current?.focus(), [s.view]);
  return html`
    <div class="shell">
      <header class="topbar">
        <span class="brand"><img src="/icons/capos.svg" alt="" width="24" height="24" />capOS</span>
        <span class="who" data-principal=${s.session?.principal}>
          ${s.session?.principal} <span class="muted">(${s.session?.principalClass})</span>
        </span>
        <${ThemeSwitch} />
        <button type="button" data-key="logout" onClick=${logout}>Log out</button>
      </header>
      <nav class="views" aria-label="Views">
        ${VIEWS.map(([id, label]) => html`
          <button type="button" data-key=${`nav:${id}`} aria-current=${id === s.view ? 'page' : null}
            onClick=${() => set({ view: id })}>${label}</button>`)}
      </nav>
      <main class="view" data-view=${s.view}>
        <h1 tabindex="-1" ref=${heading}>${title}</h1>
        <${Notice} notice=${s.notice} />
        <${View} s=${s} />
      </main>
    </div>`;
}
