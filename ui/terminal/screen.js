// The xterm.js screen: loaded on first use (xterm is 340 KB, more than the
// rest of the page; the login view never needs it), styled from the page
// theme's custom properties, kept for the life of the login so that moving
// between views keeps its scrollback. Its element lives in `host`, a
// container the panel adopts while it is on screen.
import { loadCss, routeStyleElements } from './sheets.js';

let modules = null;

function loadModules() {
  if (!modules) {
    routeStyleElements();
    modules = Promise.all([
      import('/vendor/xterm/xterm.mjs'),
      import('/vendor/xterm/addon-fit.mjs'),
      loadCss('/vendor/xterm/xterm.css'),
    ]).then(([x, f]) => ({ Terminal: x.Terminal, FitAddon: f.FitAddon }));
  }
  return modules;
}

// The theme's colours as xterm's theme: the page background and text, the
// accent for the cursor; the 16 ANSI colours come from --term-* custom
// properties of the theme (each chosen to be readable on its background).
const ANSI = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim() || undefined;
  const theme = {
    background: v('--bg'), foreground: v('--fg'), cursor: v('--accent'), cursorAccent: v('--bg'),
    selectionBackground: v('--focus'), selectionForeground: v('--bg'),
  };
  for (const c of ANSI) {
    theme[c] = v(`--term-${c}`);
    theme[`bright${c[0].toUpperCase()}${c.slice(1)}`] = v(`--term-bright-${c}`);
  }
  return { theme, fontFamily: v('--mono') || 'monospace' };
}

// {term, fit, host}: a new xterm in a new container element.
export async function createScreen() {
  const { Terminal, FitAddon } = await loadModules();
  const { theme, fontFamily } = themeColors();
  const term = new Terminal({
    cols: 80, rows: 24, scrollback: 2000, fontSize: 14, fontFamily, theme,
    // The guest's shell runs in raw mode and ends lines with \r\n itself.
    convertEol: false,
    // Its screen reader mode would mirror every row into a live region; the
    // helper textarea keeps its label ("Terminal input").
    screenReaderMode: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  const host = document.createElement('div');
  host.className = 'term-screen';
  return { term, fit, host, opened: false };
}

// Opens the terminal into its container once that is in the document (xterm
// measures its font there).
export function openScreen(screen) {
  if (screen.opened || !screen.host.isConnected) return;
  screen.term.open(screen.host);
  screen.opened = true;
}

export function restyle(screen) {
  const { theme, fontFamily } = themeColors();
  screen.term.options.theme = theme;
  if (screen.term.options.fontFamily !== fontFamily) screen.term.options.fontFamily = fontFamily;
}
