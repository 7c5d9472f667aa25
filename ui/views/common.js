// Small pieces every view uses: the typed outcome of a request, pills and
// the theme switch. Every <button> has a data-key naming what it does (the
// browser test's click ledger keys on it) and type="button" unless it submits.
import { html } from '../lib/html.js';
import { THEMES, applyTheme, currentTheme } from '../theme.js';
import { set } from '../store.js';

// A typed denial: the code first (what the guest decided), then its text.
export function Denial({ denial, status }) {
  if (!denial) return null;
  const launch = denial.launch && denial.launch !== 'none' ? ` (launch: ${denial.launch})` : '';
  const web = status >= 400 ? ` [HTTP ${status}]` : '';
  return html`<p class="denied" role="alert">
    <strong class="code">${denial.code}</strong>${launch}${web}: ${denial.message}</p>`;
}

function summary(kind, v) {
  switch (kind) {
    case 'callResult': {
      const [member, value] = Object.entries(v)[0] || ['', null];
      if (member === 'text') return html`<pre class="text-result" tabindex="0">${value}</pre>`;
      if (member === 'chatSent') return value.sent ? `sent (seq ${value.seq})` : `not sent: ${value.reason}`;
      if (member === 'chatJoined') return `joined as ${value.you}${value.alreadyMember ? ' (already a member)' : ''}`;
      if (member === 'chatLeft') return 'left the room';
      if (member === 'chatMembers') return `in the room: ${value.join(', ') || 'nobody'}`;
      if (member === 'chatMessages') return `${value.messages.length} message(s), latest seq ${value.latestSeq}`;
      if (member === 'session') return `session: ${value.principal} (${value.principalClass}), live ${value.live}`;
      if (member === 'terminal') return terminalSummary(value);
      if (value && typeof value === 'object' && 'outcome' in value) return `${value.outcome}: ${value.message}`;
      return `${member}`;
    }
    case 'serviceState': return `${v.profile}: ${v.state} (${v.processes} process(es))`;
    case 'serviceCatalog': return `${v.length} service(s) in the catalog`;
    case 'capSet': return `${v.length} CapSet entr${v.length === 1 ? 'y' : 'ies'}`;
    case 'sessionInfo': return `session: ${v.principal} (${v.principalClass}), live ${v.live}`;
    default: return kind;
  }
}

// A TerminalReply: its status (a domain result, not a denial), and what
// the call named.
function terminalSummary(v) {
  const limit = v.limit ? ` (limit ${v.limit})` : '';
  if (v.status !== 'ok') return `terminal: ${v.status}${limit}`;
  if (v.terminals) return `terminal: ${v.terminals.length} live`;
  if (v.info?.name) return `terminal: ${v.info.name}${v.mode ? ` as ${v.mode}` : ''}, ${v.info.cols}×${v.info.rows}`;
  return 'terminal: ok';
}

// The result of one request: its denial, or a one-line summary.
export function Outcome({ result }) {
  if (!result) return null;
  if (result.denial) return html`<${Denial} denial=${result.denial} status=${result.status} />`;
  return html`<div class="outcome" role="status">${summary(result.kind, result.value)}</div>`;
}

export function Pill({ children, tone = '' }) {
  return html`<span class=${`pill ${tone}`}>${children}</span>`;
}

export function Notice({ notice }) {
  if (!notice) return null;
  return html`<p class=${`notice ${notice.kind}`} role=${notice.kind === 'error' ? 'alert' : 'status'}>
    ${notice.text}
    <button type="button" class="link" data-key="notice:dismiss" onClick=${() => set({ notice: null })}>Dismiss</button>
  </p>`;
}

// Four buttons rather than a <select>: each is one click, and aria-pressed
// says which is on.
export function ThemeSwitch() {
  const now = currentTheme();
  return html`<div class="theme-switch" role="group" aria-label="Theme">
    ${THEMES.map((t) => html`<button type="button" data-key=${`theme:${t}`} aria-pressed=${String(t === now)}
      onClick=${() => { applyTheme(t); set({}); }}>${t}</button>`)}
  </div>`;
}

// A horizontally scrollable region (tables at 360 px); focusable so the
// keyboard can scroll it.
export function Scroll({ label, children }) {
  return html`<div class="scroll" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}
