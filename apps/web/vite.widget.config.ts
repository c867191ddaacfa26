import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The embeddable widget: one small classic script at a stable URL (dist/widget.js, no hash), built after the
// app (whose build empties dist/). Host pages cache it by name, so keep it tiny and dependency-free.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'es2019',
    lib: {
      entry: resolve(root, 'src/widget/widget.ts'),
      formats: ['iife'],
      name: 'BangbanWidgetBundle',
      fileName: () => 'widget.js',
    },
  },
});
