// Gathers the bundle's files: every regular file under the UI source folder
// (except its README.md and vendor.json, which describe the folder) plus the
// vendor files that vendor.json names under node_modules, with the import
// specifiers of its scripts resolved (specifiers.js). Every rule the
// archive reader enforces is checked here first, so a bad tree fails the
// build with a reason instead of producing a bundle the guest refuses.
'use strict';
const fs = require('fs');
const path = require('path');
const {LIMITS, pathProblem, contentTypeProblem} = require('./archive');
const {resolveSpecifiers} = require('./specifiers');

const MANIFEST_PATH = '/bundle/manifest.json';
const NOT_SERVED = new Set(['README.md', 'vendor.json']);

// By extension; a file whose type is not listed is refused, so the service
// never guesses a type (and never sniffs).
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

class BundleError extends Error {}

function refuse(what, why) {
  throw new BundleError(`${what}: ${why}`);
}

function contentTypeFor(bundlePath) {
  const ext = path.posix.extname(bundlePath);
  const type = CONTENT_TYPES[ext];
  if (!type) refuse(bundlePath, `no content type for "${ext || '(none)'}" (see CONTENT_TYPES)`);
  const problem = contentTypeProblem(type);
  if (problem) refuse(bundlePath, `content type "${type}" ${problem}`);
  return type;
}

// A regular file within the size bound; symlinks are refused so that no
// entry can point outside the folders the build names.
function readRegular(file, bundlePath) {
  const st = fs.lstatSync(file, {throwIfNoEntry: false});
  if (!st) refuse(bundlePath, `${file} does not exist`);
  if (st.isSymbolicLink()) refuse(bundlePath, `${file} is a symlink; only regular files are bundled`);
  if (!st.isFile()) refuse(bundlePath, `${file} is not a regular file`);
  if (st.size > LIMITS.maxFileBytes) {
    refuse(bundlePath, `${st.size} bytes, over the ${LIMITS.maxFileBytes}-byte bound per file`);
  }
  return fs.readFileSync(file);
}

function walk(dir, rel, out) {
  for (const name of fs.readdirSync(dir).sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    if (!rel && NOT_SERVED.has(name)) continue;
    const full = path.join(dir, name);
    const st = fs.lstatSync(full);
    if (st.isDirectory()) walk(full, relPath, out);
    else out.push({bundlePath: `/${relPath}`, file: full});
  }
}

// A node_modules-relative source must stay inside node_modules.
function vendorSource(nodeModules, src, bundlePath) {
  if (typeof src !== 'string' || src === '') refuse(bundlePath, 'vendor source is empty');
  if (path.isAbsolute(src)) refuse(bundlePath, `vendor source "${src}" is absolute; name it under node_modules`);
  if (src.split(/[\\/]/).some((s) => s === '..' || s === '.' || s === '')) {
    refuse(bundlePath, `vendor source "${src}" has an empty, "." or ".." segment`);
  }
  return path.join(nodeModules, src);
}

// The package a node_modules-relative path belongs to (@scope/name or name).
function packageOf(src) {
  const segs = src.split('/');
  return segs[0].startsWith('@') ? `${segs[0]}/${segs[1]}` : segs[0];
}

// Returns {files: [{path, contentType, data}], vendorVersions}, sorted by
// path, without the manifest (the caller adds it).
function collect(srcDir, nodeModules) {
  const found = [];
  walk(srcDir, '', found);
  const vendorVersions = {};
  const vendorFile = path.join(srcDir, 'vendor.json');
  const vendor = fs.existsSync(vendorFile) ? JSON.parse(fs.readFileSync(vendorFile, 'utf8')) : {};
  for (const [bundlePath, src] of Object.entries(vendor.files || {})) {
    found.push({bundlePath, file: vendorSource(nodeModules, src, bundlePath)});
    const pkg = packageOf(src);
    const meta = path.join(nodeModules, pkg, 'package.json');
    if (!fs.existsSync(meta)) refuse(bundlePath, `package ${pkg} is not installed (run make deps)`);
    vendorVersions[pkg] = JSON.parse(fs.readFileSync(meta, 'utf8')).version;
  }
  const seen = new Set();
  const files = found.map(({bundlePath, file}) => {
    const problem = pathProblem(bundlePath);
    if (problem) refuse(JSON.stringify(bundlePath), problem);
    if (bundlePath === MANIFEST_PATH) refuse(bundlePath, 'is reserved: the tool writes it');
    if (seen.has(bundlePath)) refuse(bundlePath, 'appears twice (ui/ and vendor.json name it)');
    seen.add(bundlePath);
    const data = readRegular(file, bundlePath);
    return {path: bundlePath, contentType: contentTypeFor(bundlePath), data};
  });
  if (!seen.has('/index.html')) refuse(srcDir, 'has no index.html (the page served for "/")');
  const resolved = resolveSpecifiers(files, importsOf(vendor), refuse).map((f) => {
    if (f.data.length > LIMITS.maxFileBytes) refuse(f.path, 'over the per-file bound after rewriting');
    return f;
  });
  resolved.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return {files: resolved, vendorVersions};
}

// vendor.json "imports": bare specifier -> bundle path, like an import map.
function importsOf(vendor) {
  const imports = vendor.imports || {};
  if (typeof imports !== 'object' || Array.isArray(imports)) refuse('vendor.json', '"imports" is not an object');
  for (const [spec, to] of Object.entries(imports)) {
    if (typeof to !== 'string') refuse(`vendor.json imports "${spec}"`, 'the target is not a string');
  }
  return imports;
}

module.exports = {collect, contentTypeFor, BundleError, MANIFEST_PATH};
