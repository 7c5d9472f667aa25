// The login view: an OS-like sign-in screen. The username is empty and is
// never pre-filled (no host identity reaches the page); the password is read
// from the form on submit and never kept. Every auth method the guest lists
// is shown; disabled ones stay listed with the guest's reason, so the screen
// is not password-shaped. A refused login stays here with its typed denial.
import { html, useState } from '../lib/html.js';
import { login } from '../actions.js';
import { Denial, Notice, ThemeSwitch } from './common.js';

const LABELS = { password: 'Password', guest: 'Guest', anonymous: 'Anonymous', publicKey: 'Public key',
                 oidc: 'OpenID Connect', passkey: 'Passkey' };

export function LoginView({ s }) {
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState('');
  const methods = s.hello?.authMethods || [];
  const method = (name) => methods.find((m) => m.name === name);
  const enabled = (name) => !!method(name)?.enabled;
  const disabled = methods.filter((m) => !m.enabled);

  async function go(kind, principal, password) {
    setBusy(kind);
    setResult(null);
    const r = await login(kind, principal, password);
    setBusy('');
    if (r.kind !== 'loggedIn') setResult(r);
  }

  function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const principal = form.elements.username.value.trim();
    const password = form.elements.password.value;
    form.elements.password.value = '';
    go('password', principal, password);
  }

  const why = (name) => method(name)?.reason || `${LABELS[name]} login is not offered`;
  return html`
    <main class="login" aria-labelledby="login-title" data-view="login">
      <img class="login-icon" src="/icons/capos.svg" alt="" width="64" height="64" />
      <h1 id="login-title">capOS</h1>
      <${Notice} notice=${s.notice} />
      <form class="login-form" onSubmit=${submit} aria-describedby="login-result">
        <label>Username
          <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
            required maxlength="31" disabled=${!enabled('password')} />
        </label>
        <label>Password
          <input name="password" type="password" autocomplete="current-password" required
            disabled=${!enabled('password')} />
        </label>
        <button type="submit" data-key="login:password" disabled=${!enabled('password') || !!busy}
          title=${enabled('password') ? '' : why('password')}>
          ${busy === 'password' ? 'Logging in…' : 'Log in'}
        </button>
        <div class="login-alt">
          ${['guest', 'anonymous'].map((k) => html`
            <button type="button" data-key=${`login:${k}`} disabled=${!enabled(k) || !!busy}
              title=${enabled(k) ? `Log in as ${k}` : why(k)} onClick=${() => go(k)}>
              ${busy === k ? 'Logging in…' : LABELS[k]}
            </button>`)}
        </div>
      </form>
      <div id="login-result"><${Denial} denial=${result?.denial} status=${result?.status} /></div>
      ${disabled.length > 0 && html`
        <section class="auth-disabled" aria-labelledby="auth-disabled-title">
          <h2 id="auth-disabled-title">Other sign-in methods</h2>
          <ul>
            ${disabled.map((m) => html`<li data-method=${m.name}>
              <span class="method-name">${LABELS[m.name] || m.name}</span>
              <span class="pill off">disabled</span>
              <span class="reason">${m.reason}</span></li>`)}
          </ul>
        </section>`}
      <${ThemeSwitch} />
    </main>`;
}
