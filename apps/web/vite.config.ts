import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Root is apps/web whatever the working directory: `npm run build:web` runs this from the repo root.
const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.BANGBAN_API ?? 'http://localhost:8080';

export default defineConfig({
  root,
  publicDir: resolve(root, 'public'),
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // @bangban/shared exports its zod schemas next to the label tables; the web app imports only
      // types and constants from it, so its modules may be dropped when unused.
      treeshake: {
        moduleSideEffects: (id: string) => (id.includes('/packages/shared/') ? false : undefined),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
      '/healthz': { target: apiTarget },
      '/docs': { target: apiTarget },
    },
  },
});
