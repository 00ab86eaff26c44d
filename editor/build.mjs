// Bundles the writing view into one minified script and its gzip twin, which the tapchi binary
// embeds. Run as: node editor/build.mjs OUT_DIR NODE_MODULES_DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const [outDir, modules] = process.argv.slice(2);
if (!outDir || !modules) {
  console.error('usage: node build.mjs OUT_DIR NODE_MODULES_DIR');
  process.exit(2);
}
// esbuild and CodeMirror as installed in the build tree from editor/package-lock.json.
const { build } = createRequire(join(modules, 'noop.js'))('esbuild');
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'editor.js');
await build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari15'],
  nodePaths: [modules],
  legalComments: 'eof',
  outfile: out,
  logLevel: 'warning',
});
writeFileSync(`${out}.gz`, gzipSync(readFileSync(out), { level: 9 }));
