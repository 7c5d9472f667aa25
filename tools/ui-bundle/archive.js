// The UI bundle archive: layout constants, path and content-type rules, and
// the packer. The reader is services/lib/ui-bundle (C++, in the guest); the
// format is specified once, in services/lib/ui-bundle/FORMAT.md, and both
// sides follow it. The bounds below must equal those in
// services/lib/ui-bundle/ui_bundle.h: the generated header repeats them and
// the library's host test asserts that they match.
'use strict';
const crypto = require('crypto');

const MAGIC = Buffer.from('CAPOSUIB', 'ascii');
const VERSION = 1;
const HEADER_BYTES = 32;
const ENTRY_BYTES = 240;
const PATH_FIELD = 128;  // path_len <= 127: the field always ends in a zero
const TYPE_FIELD = 64;
const LIMITS = Object.freeze({
  maxEntries: 256,
  maxPath: PATH_FIELD - 1,
  maxContentType: TYPE_FIELD - 1,
  maxFileBytes: 1 << 20,
  maxBundleBytes: 8 << 20,
});

// One path segment: a name that cannot be `.` or `..` (no leading dot) and
// needs no escaping in a URL, a header or a shell.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
// Content types are written into HTTP headers by the service: printable
// ASCII without CR/LF, quotes or backslashes, so none can inject a header.
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(; ?[a-z0-9-]+=[a-z0-9._-]+)*$/;

// Why a bundle path is refused, or null if it is acceptable.
function pathProblem(p) {
  if (typeof p !== 'string' || p.length === 0) return 'is empty';
  if (!p.startsWith('/')) return 'must start with "/" (paths are absolute within the bundle)';
  if (Buffer.byteLength(p) > LIMITS.maxPath) {
    return `is ${Buffer.byteLength(p)} bytes, over the ${LIMITS.maxPath}-byte bound`;
  }
  for (const seg of p.slice(1).split('/')) {
    if (seg === '..') return 'has a ".." segment (a bundle path never leaves the bundle)';
    if (seg === '' || seg === '.') return 'has an empty or "." segment';
    if (!SEGMENT.test(seg)) {
      return `segment "${seg}" is not [A-Za-z0-9_-][A-Za-z0-9._-]* (no leading dot, no escapes)`;
    }
  }
  return null;
}

function contentTypeProblem(t) {
  if (Buffer.byteLength(t) > LIMITS.maxContentType) return `is over ${LIMITS.maxContentType} bytes`;
  if (!CONTENT_TYPE.test(t)) return 'is not a plain lower-case type/subtype[; key=value]';
  return null;
}

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest();
}

// files: [{path, contentType, data: Buffer}], already validated and sorted by
// path (byte order). Returns {archive, digest} where digest is the SHA-256 of
// the header and entry table, the value the build pins.
function pack(files) {
  const dataOffset = HEADER_BYTES + files.length * ENTRY_BYTES;
  const total = files.reduce((n, f) => n + f.data.length, dataOffset);
  const out = Buffer.alloc(total);  // zero-filled: padding and reserved fields
  MAGIC.copy(out, 0);
  out.writeUInt32LE(VERSION, 8);
  out.writeUInt32LE(files.length, 12);
  out.writeUInt32LE(ENTRY_BYTES, 16);
  out.writeUInt32LE(dataOffset, 20);
  out.writeUInt32LE(total, 24);
  let at = dataOffset;
  files.forEach((f, i) => {
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    out.writeUInt32LE(at, e);
    out.writeUInt32LE(f.data.length, e + 4);
    sha256(f.data).copy(out, e + 8);
    out.writeUInt8(Buffer.byteLength(f.path), e + 40);
    out.writeUInt8(Buffer.byteLength(f.contentType), e + 41);
    out.write(f.path, e + 48, 'ascii');
    out.write(f.contentType, e + 48 + PATH_FIELD, 'ascii');
    f.data.copy(out, at);
    at += f.data.length;
  });
  return {archive: out, digest: sha256(out.subarray(0, dataOffset))};
}

module.exports = {
  MAGIC, VERSION, HEADER_BYTES, ENTRY_BYTES, LIMITS, pathProblem, contentTypeProblem, sha256, pack,
};
