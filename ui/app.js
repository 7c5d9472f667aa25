// The browser UI's entry module: a login shell and the theme switch.
//
// This is the bundle's groundwork, not the UI: the form below is a static
// shell and talks to nothing. The views (login, services, CapSet, session,
// diagnostics, transcript) and every call to the guest come with the web-ui
// service (issue 10). Preact and htm are served by the guest from /vendor/
// (copied from node_modules at build time), so there is no CDN and no
// inline script: the page works under a CSP without 'unsafe-inline'.
import { h, render } from '/vendor/preact/preact.mjs';
import htm from '/vendor/htm/htm.mjs';

const html = htm.bind(h);

// Must match the files in ui/themes/ and their [data-theme] selectors.
const THEMES = ['light', 'dark', 'retro', 'hacker'];
// The choice is remembered in this browser only, never on the guest.
const THEME_KEY = 'capos.theme';

function initialTheme() {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    if (THEMES.includes(stored)) return stored;
  } catch {
    // Storage can be disabled (private windows, policies): fall through.
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
  show(theme);
}

function ThemePicker({ theme }) {
  return html`
    <label class="theme-picker">
      Theme
      <select value=${theme} onChange=${(e) => setTheme(e.currentTarget.value)}>
        ${THEMES.map((t) => html`<option value=${t}>${t}</option>`)}
      </select>
    </label>`;
}

// The username is empty on purpose: it is never pre-filled from the host.
function LoginShell({ theme }) {
  return html`
    <section class="login" aria-labelledby="login-title">
      <img class="login-icon" src="/icons/capos.svg" alt="" width="64" height="64" />
      <h1 id="login-title">capOS</h1>
      <form class="login-form" onSubmit=${(e) => e.preventDefault()}>
        <label>Username <input name="username" autocomplete="username" value="" /></label>
        <label>Password
          <input name="password" type="password" autocomplete="current-password" />
        </label>
        <button type="submit" disabled>Log in</button>
        <div class="login-alt">
          <button type="button" disabled>Guest</button>
          <button type="button" disabled>Anonymous</button>
        </div>
      </form>
      <p class="note" role="status">
        Sign-in and the views come with the web-ui service; this page is the bundle's shell.
      </p>
      <${ThemePicker} theme=${theme} />
    </section>`;
}

function show(theme) {
  render(html`<${LoginShell} theme=${theme} />`, document.getElementById('app'));
}

const theme = initialTheme();
document.documentElement.dataset.theme = theme;
show(theme);
