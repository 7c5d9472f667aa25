// Generates the JavaScript for schema/remote_rpc.capnp and its imports with
// capnp-es's own compiler (capnp compile -o- feeds it the
// CodeGeneratorRequest), into a build directory, never into the tree.
//
// One fix-up, and only of names: capnp-es imports every type of an imported
// file under its bare nested name, so remote_rpc's own `Chat`, `Adventure`
// and `Paperclips` interfaces collide with the imported chat.capnp `Chat`
// (and so on), which TypeScript refuses ("merged declaration") and a JS
// module could not bind twice. remote_rpc.capnp uses only the imported
// files' nested types (Chat_Status, Chat_Message, ...), so an imported name
// the file itself declares is dropped from that import line. Type ids, and
// with them everything on the wire, come from the schema unchanged.
// Then TypeScript strips the types (Node 20 cannot run .ts).

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { compileAll } from "capnp-es/compiler";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCHEMAS = ["remote_rpc", "remote_session", "chat", "adventure", "paperclips"];

function dropCollidingImports(source) {
  const declared = new Set(
    [...source.matchAll(/^export (?:class|const|type|interface) ([\w$]+)/gm)].map((m) => m[1]));
  return source.replace(/^import \{ ([^}]*) \} from "(\.\/[^"]+)";$/gm, (line, names, from) => {
    const kept = names.split(",").map((n) => n.trim()).filter((n) => n && !declared.has(n));
    return kept.length ? `import { ${kept.join(", ")} } from "${from}";` : "";
  });
}

function newestInput() {
  const inputs = SCHEMAS.map((s) => join(REPO, "schema", s + ".capnp"));
  inputs.push(fileURLToPath(import.meta.url));
  return Math.max(...inputs.map((p) => statSync(p).mtimeMs));
}

// Returns the directory holding remote_rpc.js; regenerates only when a
// schema (or this script) is newer than the last output.
// The build directory is the Makefile's BUILD (default build/), like the
// rest of the project's outputs.
const BUILD = resolve(REPO, process.env.BUILD || "build");

export async function ensureGenerated(outDir = join(BUILD, "rpc-node", "schema")) {
  const stamp = join(outDir, "remote_rpc.js");
  try {
    if (statSync(stamp).mtimeMs >= newestInput()) return outDir;
  } catch { /* not generated yet */ }
  const request = execFileSync("capnp", ["compile", "-o-", "--src-prefix=schema",
    ...SCHEMAS.map((s) => join("schema", s + ".capnp"))], { cwd: REPO, maxBuffer: 64 << 20 });
  const { files } = await compileAll(request, { ts: true });
  mkdirSync(outDir, { recursive: true });
  // The generated files are ES modules that import each other as ./x.js.
  writeFileSync(join(outDir, "package.json"), '{"type": "module"}\n');
  for (const [path, source] of files) {
    if (!path.endsWith(".ts")) continue;
    const js = ts.transpileModule(dropCollidingImports(source), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: basename(path),
    }).outputText;
    writeFileSync(join(outDir, basename(path).replace(/\.ts$/, ".js")), js);
  }
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await ensureGenerated(process.argv[2] && resolve(process.argv[2])));
}
