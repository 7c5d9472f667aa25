// Forms generated from a CapSet entry's typed descriptors
// (MethodDescriptor / ParamDescriptor): text -> an input with its byte
// bounds, uint -> a number input with its range, enum -> a select. The
// arguments are checked against the same bounds before sending (calls.js);
// the guest checks again and its typed denial is shown under the form.
import { html, useState } from '../lib/html.js';
import { callMethod } from '../actions.js';
import { argProblem } from '../calls.js';
import { Outcome } from './common.js';

// Inputs are uncontrolled (no `value` prop): the whole page re-renders on
// every push, and a controlled field would lose what the user typed.
function Param({ id, p }) {
  const label = `${p.name} (${p.type})`;
  if (p.type === 'enum') {
    return html`<label for=${id}>${label}</label>
      <select id=${id} name=${p.name}>${(p.values || []).map((v) => html`<option value=${v}>${v}</option>`)}</select>`;
  }
  if (p.type === 'uint') {
    return html`<label for=${id}>${label} <span class="muted">${p.min}–${p.max}</span></label>
      <input id=${id} name=${p.name} type="number" inputmode="numeric" step="1" min=${p.min} max=${p.max}
        defaultValue=${p.min} required />`;
  }
  // maxlength counts UTF-16 units, the bound counts bytes: argProblem()
  // checks the bytes.
  return html`<label for=${id}>${label} <span class="muted">${p.min}–${p.max} bytes</span></label>
    <input id=${id} name=${p.name} type="text" minlength=${p.min} maxlength=${p.max}
      required=${Number(p.min) > 0} autocomplete="off" />`;
}

// One method of one entry. `label` overrides the button text; `scope` keeps
// element ids and the button's data-key unique when a rich panel shows the
// same method as the generic forms.
export function MethodForm({ entry, d, label, scope = 'form' }) {
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const base = `${scope}-${entry.name}-${d.name}`;

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const args = (d.params || []).map((p) => form.elements[p.name].value);
    const problem = argProblem(d, args);
    if (problem) {
      setResult({ denial: { code: 'notSent', message: problem } });
      return;
    }
    setBusy(true);
    const r = await callMethod(entry, d.name, args);
    setBusy(false);
    setResult(r);
    if (!r.denial) (d.params || []).filter((p) => p.type === 'text').forEach((p) => { form.elements[p.name].value = ''; });
  }

  return html`
    <form class="method" onSubmit=${submit} aria-labelledby=${`${base}-b`}>
      ${(d.params || []).map((p) => html`<div class="param"><${Param} id=${`${base}-${p.name}`} p=${p} /></div>`)}
      <button id=${`${base}-b`} type="submit" data-key=${`${scope}:${entry.name}:${d.name}`} disabled=${busy}
        title=${d.summary}>${label || d.name}</button>
      <span class="muted summary">${d.summary}</span>
      <${Outcome} result=${result} />
    </form>`;
}

// Every allowed method of an entry, each as its form.
export function EntryForms({ entry }) {
  const ds = entry.descriptors || [];
  if (!ds.length) return html`<p class="muted">This entry publishes no method descriptors, so there is nothing to call from here.</p>`;
  return html`<div class="forms">${ds.map((d) => html`<${MethodForm} key=${d.name} entry=${entry} d=${d} />`)}</div>`;
}
