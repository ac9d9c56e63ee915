// Builds the four products of this repo: the Electron main process, the sandboxed
// preload (CJS), the React renderer, and the `threatmatic` CLI (same engine, plain Node).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const alias = { '@shared': `${root}src-shared` };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          main: 'src-main/electron/main.ts',
          cli: 'src-main/cli/index.ts',
          bench: 'test/bench/index.ts',
        },
        formats: ['es'],
      },
      rollupOptions: {
        output: {
          // The CLI is the package's `bin`: it must be directly executable.
          banner: (chunk: { name: string }) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: { preload: 'src-main/electron/preload.ts' }, formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: `${root}out/renderer`,
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: `${root}src-renderer/index.html` },
    },
  },
});
