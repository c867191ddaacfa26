// npm run build:server — the server compiled to one ES module, apps/server/dist/main.js, run with plain
// `node apps/server/dist/main.js` (no TypeScript compiler, no tsx at run time). docs/DEPLOYMENT.md.
//
// Bundled: the server's and the workspace packages' (@bangban/*) TypeScript, and JSON they import. Left to
// node_modules: every third-party package (native ones such as @node-rs/*, PGlite's WASM, and packages that
// read their own files at run time, like @fastify/swagger-ui), so production installs them with `npm ci`.
//
// Files read at run time (seed data, the intent model, the web build) are found through `import.meta.url`.
// Bundled, every module would share the bundle's URL, so each source file's `import.meta.url` is rewritten
// to the URL of that source file relative to the bundle: the paths keep working wherever the checkout is,
// as long as apps/server/dist stays beside apps/server/src, packages/ and apps/web/dist.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'apps/server/dist');
const OUT = join(OUT_DIR, 'main.js');

/** @type {import('esbuild').Plugin} */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@bangban/') || args.path.endsWith('.json')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const sourceRelativeUrls = {
  name: 'source-relative-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromBundle = relative(OUT_DIR, args.path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['apps/server/src/main.ts'],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [thirdPartyExternal, sourceRelativeUrls],
});
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = result.metafile.outputs[relative(ROOT, OUT).split(sep).join('/')]?.bytes ?? 0;
console.log(`built ${relative(ROOT, OUT)} from ${inputs} files (${(bytes / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
