import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two pages: the app (index.html) and GraphiQL (graphiql.html, served at /graphql/ui).
// Everything is bundled from npm packages into dist/: the server serves it, nothing comes from a CDN.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    // No inline scripts or data: URIs: the pages run under a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html' },
      // react-compiler-runtime (from GraphiQL) starts with "use no memo", which bundling drops harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:5080', ws: true }, '/packages': 'http://localhost:5080' },
  },
});
