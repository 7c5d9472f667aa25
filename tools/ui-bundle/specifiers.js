// Import specifiers of the bundle's JavaScript. A browser resolves a bare
// specifier (`from "preact"`, as preact/hooks writes it) only through an
// import map, and an inline <script type="importmap"> would need a CSP hash
// next to `script-src 'self'`. So the build applies the map itself:
// vendor.json's "imports" ({"preact": "/vendor/preact/preact.mjs"}) rewrites
// each static or dynamic import/export specifier, and then every specifier
// must name a file of the bundle. A specifier left bare, a URL (no CDN: the
// guest serves everything) or a missing file fails the build with the reason.
'use strict';
const path = require('path');

// `from "x"`, `import "x"`, `import("x")`, as written by hand or minified.
// A string that merely looks like this inside other code would be checked
// too; the refusal names the file, so such a false alarm is easy to see.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\r\n]*)\2/g;
const SCRIPT_EXT = new Set(['.js', '.mjs']);

function isScript(bundlePath) {
  return SCRIPT_EXT.has(path.posix.extname(bundlePath));
}

// The bundle path a specifier names, or a reason it names none.
function target(spec, from, imports) {
  if (Object.hasOwn(imports, spec)) return {path: imports[spec]};
  if (spec.startsWith('./') || spec.startsWith('../')) {
    return {path: path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))};
  }
  if (spec.startsWith('/') && !spec.startsWith('//')) return {path: spec};
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(spec)) {
    return {problem: `imports the URL "${spec}"; the bundle loads nothing from elsewhere`};
  }
  return {problem: `imports the bare specifier "${spec}"; map it in vendor.json "imports"`};
}

// Rewrites mapped specifiers in each script and checks every one.
// files: [{path, data: Buffer}] (the whole bundle); returns a new list with
// rewritten data, or throws through refuse(what, why).
function resolveSpecifiers(files, imports, refuse) {
  const present = new Set(files.map((f) => f.path));
  for (const [spec, to] of Object.entries(imports)) {
    if (!present.has(to)) refuse(`vendor.json imports "${spec}"`, `${to} is not in the bundle`);
  }
  return files.map((f) => {
    if (!isScript(f.path)) return f;
    const text = f.data.toString('utf8');
    const out = text.replace(SPECIFIER, (all, lead, quote, spec) => {
      const t = target(spec, f.path, imports);
      if (t.problem) refuse(f.path, t.problem);
      if (!present.has(t.path)) refuse(f.path, `imports "${spec}", but ${t.path} is not in the bundle`);
      return Object.hasOwn(imports, spec) ? `${lead}${quote}${t.path}${quote}` : all;
    });
    return out === text ? f : {...f, data: Buffer.from(out, 'utf8')};
  });
}

module.exports = {resolveSpecifiers};
