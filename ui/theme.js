// The four themes (ui/themes/*.css) and the choice, kept in this browser's
// localStorage only: the guest never learns it.
export const THEMES = ['light', 'dark', 'retro', 'hacker'];
const THEME_KEY = 'capos.theme';

export function initialTheme() {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    if (THEMES.includes(stored)) return stored;
  } catch {
    // Storage can be disabled (private windows, policies): fall through.
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme() {
  return document.documentElement.dataset.theme;
}

export function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
}
