// The session's transcript (exportTranscript), as the guest keeps it: every
// field already redacted in the guest. The table marks the events whose text
// was redacted; Export downloads the same events as a JSON file (a Blob and
// a temporary link: no inline script, no server round trip for the file).
import { html, useState } from '../lib/html.js';
import { send } from '../actions.js';
import { Outcome, Scroll } from './common.js';

const REDACTED = '[redacted]';
const redacted = (e) => [e.kind, e.detail, e.outcome].some((x) => String(x).includes(REDACTED));

function download(events, session) {
  const doc = { format: 'capos-transcript', exportedAt: new Date().toISOString(),
                principal: session?.principal, events };
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `capos-transcript-${Date.now()}.json`;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function TranscriptView({ s }) {
  const events = s.transcript;
  const [result, setResult] = useState(null);
  async function load() {
    const r = await send('exportTranscript');
    setResult(r);
    return r;
  }
  async function exportFile() {
    const r = await load();
    if (r.kind === 'transcript') download(r.value, s.session);
  }
  const count = events ? events.filter(redacted).length : 0;
  return html`
    <div class="actions">
      <button type="button" data-key="transcript:load" onClick=${load}>Load transcript</button>
      <button type="button" data-key="transcript:export" onClick=${exportFile}>Export JSON</button>
    </div>
    <${Outcome} result=${result?.denial ? result : null} />
    ${events === null ? html`<p class="empty">Load the transcript to review it, or export it as a file.</p>` : html`
      <p class="redaction" data-redacted=${count}>${events.length} events. Redacted in the guest before export:
        passwords, session and handle identifiers, host paths; ${count} event(s) show <code>${REDACTED}</code>.</p>
      <${Scroll} label="Transcript events"><table class="transcript">
        <thead><tr><th scope="col">#</th><th scope="col">At (ms)</th><th scope="col">Kind</th>
          <th scope="col">Detail</th><th scope="col">Outcome</th><th scope="col">Redaction</th></tr></thead>
        <tbody>${events.map((e) => html`<tr key=${e.seq}><td>${e.seq}</td><td>${e.atMs}</td><td>${e.kind}</td>
          <td>${e.detail}</td><td>${e.outcome}</td><td>${redacted(e) ? 'redacted' : 'clean'}</td></tr>`)}</tbody>
      </table></${Scroll}>`}`;
}
