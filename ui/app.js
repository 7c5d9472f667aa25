// The browser UI's entry module (served by the guest at /app.js; no inline
// script anywhere, so the page runs under `script-src 'self'`). It applies
// the remembered theme, asks /api/hello whether this browser already has a
// live session, and renders the login view or the app shell.
import { html, render } from './lib/html.js';
import { initialTheme } from './theme.js';
import { useStore } from './store.js';
import { boot } from './actions.js';
import { LoginView } from './views/login.js';
import { Shell } from './views/shell.js';

function App() {
  const s = useStore();
  if (s.phase === 'loading') return html`<p class="loading" role="status">Connecting to the guest…</p>`;
  if (s.phase === 'login') return html`<${LoginView} s=${s} />`;
  return html`<${Shell} s=${s} />`;
}

// Not stored until the user picks one: the default follows the browser.
document.documentElement.dataset.theme = initialTheme();
render(html`<${App} />`, document.getElementById('app'));
boot();
