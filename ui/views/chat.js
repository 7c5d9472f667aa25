// The Chat panel: join, leave, who, send; messages arrive live over the
// push channel (events.js watches chat), so nothing here polls. Buttons
// the entry's policy does not allow are disabled with the reason (a guest's
// chat is read-only).
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { callMethod } from '../actions.js';
import { allows, descriptor } from '../calls.js';
import { entry } from '../store.js';
import { Outcome } from './common.js';
import { MethodForm } from './forms.js';

export function ChatPanel({ s }) {
  const chat = entry('chat');
  const [result, setResult] = useState(null);
  const log = useRef(null);
  const run = (method, args = []) => async () => setResult(await callMethod(chat, method, args));
  // Catch up once on what was said before this page looked (the pushes
  // carry only what is new since).
  useEffect(() => {
    if (allows(chat, 'chatPoll') && s.chat.latestSeq === '0') callMethod(chat, 'chatPoll', ['0']);
  }, []);
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [s.chat.messages.length]);
  const button = (method, label) => html`
    <button type="button" data-key=${`chat:${method}`} disabled=${!allows(chat, method)}
      title=${allows(chat, method) ? '' : `${method} is not allowed by this entry's policy (${chat.policy})`}
      onClick=${run(method)}>${label}</button>`;
  const send = descriptor(chat, 'chatSend');
  return html`
    <section class="panel chat" aria-labelledby="chat-title">
      <div class="section-head">
        <h2 id="chat-title">Chat</h2>
        <span class="muted">${s.chat.joined ? `you are ${s.chat.you}` : 'not joined'}</span>
      </div>
      <div class="actions">
        ${button('chatJoin', 'Join')} ${button('chatLeave', 'Leave')} ${button('chatWho', 'Who is here')}
      </div>
      ${s.chat.members && html`<p class="members">In the room: ${s.chat.members.join(', ') || 'nobody'}</p>`}
      <div class="chat-log" ref=${log} role="log" aria-live="polite" aria-label="Chat messages" tabindex="0">
        ${s.chat.messages.length === 0 ? html`<p class="muted">No messages yet.</p>`
          : html`<ol>${s.chat.messages.map((m) => html`<li key=${m.seq} data-seq=${m.seq}><strong>${m.from}</strong> ${m.text}</li>`)}</ol>`}
      </div>
      ${send ? html`<${MethodForm} entry=${chat} d=${send} label="Send" scope="panel" />`
             : html`<p class="muted">Sending is not allowed by this entry's policy (${chat.policy}).</p>`}
      <${Outcome} result=${result} />
    </section>`;
}
