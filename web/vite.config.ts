import type { ClientRequest, IncomingMessage } from 'node:http';
import { constants as zlibConstants } from 'node:zlib';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

/** Where the dev server sends /api and /socket.io (override with TSUNAGU_API=http://localhost:3100). */
const api = process.env.TSUNAGU_API ?? 'http://localhost:3000';

/**
 * The API refuses writes and sockets from origins other than its PUBLIC_URL. In development the
 * pages come from this dev server, so a request from its own pages (Origin = the Host asked for)
 * is passed on as if from the API's origin; any other Origin is passed on unchanged, and refused.
 */
function asApiOrigin(proxyReq: ClientRequest, req: IncomingMessage) {
  if (req.headers.origin && req.headers.origin === `http://${req.headers.host}`)
    proxyReq.setHeader('origin', new URL(api).origin);
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    vue(),
    // Brotli and gzip beside each text file, made once at build time; the server picks one from
    // Accept-Encoding (server/src/plugins/spa.ts). The originals stay for clients that accept neither.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      include: /\.(html|js|mjs|css|json|svg|webmanifest|txt)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
    }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    // vue-i18n: Composition API only, no legacy API, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    // Our own tiny compiler (src/i18n/compiler.ts) replaces vue-i18n's full message compiler.
    __INTLIFY_DROP_MESSAGE_COMPILER__: true,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false, configure: (proxy) => proxy.on('proxyReq', asApiOrigin) },
      '/socket.io': {
        target: api,
        ws: true,
        configure: (proxy) => proxy.on('proxyReq', asApiOrigin).on('proxyReqWs', asApiOrigin),
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
});
