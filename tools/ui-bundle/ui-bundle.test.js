// Host tests of tools/ui-bundle (node --test): the refusals, each with its
// reason, and that a good tree packs deterministically. The archive's reader
// is tested against the real build output in services/lib/ui-bundle.
'use strict';
const assert = require('assert');
const {execFileSync, spawnSync} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const test = require('node:test');

const TOOL = path.join(__dirname, 'ui-bundle');
const tempDirs = [];
process.on('exit', () => tempDirs.forEach((d) => fs.rmSync(d, {recursive: true, force: true})));

// A minimal UI tree and node_modules with one vendor package.
function fixture(vendorFiles = {'/vendor/lib/lib.mjs': 'lib/lib.mjs'}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-bundle-test-'));
  tempDirs.push(dir);
  const src = path.join(dir, 'ui');
  const nm = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(src, 'themes'), {recursive: true});
  fs.mkdirSync(path.join(nm, 'lib'), {recursive: true});
  fs.writeFileSync(path.join(src, 'index.html'), '<!doctype html>\n');
  fs.writeFileSync(path.join(src, 'app.js'), 'export {};\n');
  fs.writeFileSync(path.join(src, 'themes', 'dark.css'), ':root {}\n');
  fs.writeFileSync(path.join(src, 'README.md'), 'not served\n');
  fs.writeFileSync(path.join(src, 'vendor.json'), JSON.stringify({files: vendorFiles}));
  fs.writeFileSync(path.join(nm, 'lib', 'package.json'), '{"version": "1.2.3"}');
  fs.writeFileSync(path.join(nm, 'lib', 'lib.mjs'), 'export const x = 1;\n');
  return {dir, src, nm, out: path.join(dir, 'out')};
}

function run(f) {
  return spawnSync(process.execPath, [TOOL, '--src', f.src, '--node-modules', f.nm, '--out', f.out],
                   {encoding: 'utf8'});
}

function assertRefused(f, reason) {
  const r = run(f);
  assert.strictEqual(r.status, 1, r.stderr);
  assert.match(r.stderr, reason);
  assert.ok(!fs.existsSync(path.join(f.out, 'ui.bundle')), 'a refused run leaves no bundle');
}

test('a good tree packs, deterministically, with its manifest', () => {
  const f = fixture();
  assert.strictEqual(run(f).status, 0);
  const first = fs.readFileSync(path.join(f.out, 'ui.bundle'));
  assert.strictEqual(run(f).status, 0);
  assert.ok(first.equals(fs.readFileSync(path.join(f.out, 'ui.bundle'))));
  const manifest = JSON.parse(fs.readFileSync(path.join(f.out, 'root/bundle/manifest.json')));
  assert.deepStrictEqual(manifest.files.map((e) => e.path),
                         ['/app.js', '/index.html', '/themes/dark.css', '/vendor/lib/lib.mjs']);
  assert.deepStrictEqual(manifest.vendor, {lib: '1.2.3'});
  const header = fs.readFileSync(path.join(f.out, 'bundle_digest.h'), 'utf8');
  assert.match(header, /kDigestHex\[\] = "[0-9a-f]{64}"/);
});

test('--help explains and exits 0', () => {
  assert.match(execFileSync(process.execPath, [TOOL, '--help'], {encoding: 'utf8'}), /--node-modules/);
});

test('refuses a ".." bundle path', () => {
  assertRefused(fixture({'/vendor/../escape.mjs': 'lib/lib.mjs'}), /"\.\." segment/);
});

test('refuses a relative bundle path', () => {
  assertRefused(fixture({'vendor/lib.mjs': 'lib/lib.mjs'}), /must start with "\/"/);
});

test('refuses an absolute vendor source', () => {
  assertRefused(fixture({'/vendor/x.mjs': '/etc/passwd.mjs'}), /is absolute/);
});

test('refuses a vendor source that leaves node_modules', () => {
  assertRefused(fixture({'/vendor/x.mjs': 'lib/../../ui/app.js'}), /"\.\." segment/);
});

test('refuses duplicates and the reserved manifest path', () => {
  assertRefused(fixture({'/app.js': 'lib/lib.mjs'}), /\/app\.js: appears twice/);
  assertRefused(fixture({'/bundle/manifest.json': 'lib/lib.mjs'}), /is reserved: the tool writes it/);
});

test('refuses an over-long name', () => {
  const f = fixture();
  fs.writeFileSync(path.join(f.src, `${'n'.repeat(130)}.js`), '');
  assertRefused(f, /over the 127-byte bound/);
});

test('refuses a file over the size bound', () => {
  const f = fixture();
  fs.writeFileSync(path.join(f.src, 'big.js'), Buffer.alloc((1 << 20) + 1));
  assertRefused(f, /\/big\.js: 1048577 bytes, over the 1048576-byte bound/);
});

test('refuses symlinks, unknown types, dot files and a missing index', () => {
  let f = fixture();
  fs.symlinkSync('/etc/hostname', path.join(f.src, 'link.txt'));
  assertRefused(f, /is a symlink/);
  f = fixture();
  fs.writeFileSync(path.join(f.src, 'x.exe'), '');
  assertRefused(f, /no content type for "\.exe"/);
  f = fixture();
  fs.writeFileSync(path.join(f.src, '.hidden.js'), '');
  assertRefused(f, /no leading dot/);
  f = fixture();
  fs.rmSync(path.join(f.src, 'index.html'));
  assertRefused(f, /has no index\.html/);
});

test('a refused run removes the previous output', () => {
  const f = fixture();
  assert.strictEqual(run(f).status, 0);
  fs.writeFileSync(path.join(f.src, 'x.exe'), '');
  assertRefused(f, /no content type/);
  assert.ok(!fs.existsSync(path.join(f.out, 'bundle_digest.h')));
});

// vendor.json "imports" is applied at build time (specifiers.js).
function scriptFixture(appJs, imports) {
  const f = fixture({'/vendor/lib/lib.mjs': 'lib/lib.mjs', '/vendor/lib/hooks.mjs': 'lib/hooks.mjs'});
  fs.writeFileSync(path.join(f.nm, 'lib', 'hooks.mjs'), 'import{x as n}from"lib";export const y=n;\n');
  fs.writeFileSync(path.join(f.src, 'app.js'), appJs);
  const vendor = JSON.parse(fs.readFileSync(path.join(f.src, 'vendor.json')));
  vendor.imports = imports;
  fs.writeFileSync(path.join(f.src, 'vendor.json'), JSON.stringify(vendor));
  return f;
}

test('rewrites a mapped bare specifier and keeps checked paths', () => {
  const f = scriptFixture("import {y} from '/vendor/lib/hooks.mjs';\nimport('./themes/x.js');\n",
                          {lib: '/vendor/lib/lib.mjs'});
  fs.writeFileSync(path.join(f.src, 'themes', 'x.js'), 'export {};\n');
  const r = run(f);
  assert.strictEqual(r.status, 0, r.stderr);
  const hooks = fs.readFileSync(path.join(f.out, 'root/vendor/lib/hooks.mjs'), 'utf8');
  assert.strictEqual(hooks, 'import{x as n}from"/vendor/lib/lib.mjs";export const y=n;\n');
  const manifest = JSON.parse(fs.readFileSync(path.join(f.out, 'root/bundle/manifest.json')));
  const entry = manifest.files.find((e) => e.path === '/vendor/lib/hooks.mjs');
  assert.strictEqual(entry.bytes, Buffer.byteLength(hooks), 'the manifest describes the rewritten file');
});

test('refuses an unmapped bare specifier, a URL and a missing file', () => {
  assertRefused(scriptFixture('export {};\n', {}), /hooks\.mjs: imports the bare specifier "lib"/);
  assertRefused(scriptFixture("import 'https://cdn.example/x.js';\n", {lib: '/vendor/lib/lib.mjs'}),
                /\/app\.js: imports the URL "https:\/\/cdn\.example\/x\.js"/);
  assertRefused(scriptFixture("import '/nope.js';\n", {lib: '/vendor/lib/lib.mjs'}),
                /\/app\.js: imports "\/nope\.js", but \/nope\.js is not in the bundle/);
  assertRefused(scriptFixture('export {};\n', {lib: '/vendor/none.mjs'}),
                /vendor\.json imports "lib": \/vendor\/none\.mjs is not in the bundle/);
});
