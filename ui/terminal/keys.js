// The key bar for touch keyboards, which have no Esc, Ctrl, Tab or arrows:
// each button sends the bytes a real keyboard's key would. Ctrl is sticky:
// it applies to the next key typed, then lets go.

// Arrows follow the terminal's cursor-key mode (DECCKM): full-screen
// programs switch it on and then expect ESC O A rather than ESC [ A.
export function keyBytes(name, applicationCursor) {
  const arrow = { up: 'A', down: 'B', right: 'C', left: 'D' }[name];
  if (arrow) return `\x1b${applicationCursor ? 'O' : '['}${arrow}`;
  return { esc: '\x1b', tab: '\t' }[name] || '';
}

// Ctrl with the typed text: a letter or one of @[\]^_ becomes its C0
// control, space Ctrl-@ (NUL), ? DEL. Anything else (a paste, a letter from
// another script) goes as typed.
export function withCtrl(text) {
  if (text.length !== 1) return text;
  const c = text.toUpperCase().charCodeAt(0);
  if (c >= 0x40 && c <= 0x5f) return String.fromCharCode(c & 0x1f);
  if (text === ' ') return '\x00';
  if (text === '?') return '\x7f';
  return text;
}

// [name, visible label, accessible name when the label is a symbol].
export const BAR = [
  ['esc', 'Esc', null], ['ctrl', 'Ctrl', null], ['tab', 'Tab', null],
  ['left', '←', 'Left arrow'], ['up', '↑', 'Up arrow'], ['down', '↓', 'Down arrow'], ['right', '→', 'Right arrow'],
];
