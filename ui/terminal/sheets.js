// xterm.js writes its computed CSS (cell sizes, the colour palette, the
// scrollbar) into <style> elements it creates. The page's CSP has
// `style-src 'self'` and no 'unsafe-inline', so the browser refuses such an
// element (even an empty one) and reports a violation. A constructed
// stylesheet (new CSSStyleSheet, adopted by the document) is CSSOM, which
// the CSP allows: so while the terminal is in use, document.createElement
// ("style") gives a stand-in whose text goes into one. The stand-in is an
// inert <template> (never rendered) with its own textContent and remove().
// The page itself never creates <style> elements; nothing else is changed.
const realCreate = Document.prototype.createElement;

function standIn(doc) {
  const el = realCreate.call(doc, 'template');
  const sheet = new CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let text = '';
  Object.defineProperty(el, 'textContent', {
    get: () => text,
    set: (v) => {
      text = String(v ?? '');
      sheet.replaceSync(text);
    },
  });
  const remove = el.remove.bind(el);
  el.remove = () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    remove();
  };
  return el;
}

export function routeStyleElements(doc = document) {
  if (Object.hasOwn(doc, 'createElement')) return;
  doc.createElement = function createElement(tag, options) {
    if (String(tag).toLowerCase() === 'style') return standIn(this);
    return realCreate.call(this, tag, options);
  };
}

// xterm.css as a <link> (a file of the bundle, which `style-src 'self'`
// allows), added once; resolves when it has loaded so that the first fit
// measures the styled terminal.
let cssLoaded = null;
export function loadCss(href) {
  if (!cssLoaded) {
    cssLoaded = new Promise((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.onload = resolve;
      link.onerror = resolve; // the terminal works unstyled; the fit is off
      document.head.appendChild(link);
    });
  }
  return cssLoaded;
}
