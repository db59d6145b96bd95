import { fileURLToPath, URL } from 'node:url'

import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vite'

// Served by Flask at /console/ (console_web); `npm run dev` proxies the API to `make run` on port 5000.
export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus on demand: each component (and its CSS) is imported where a template or script uses it.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'src/auto-imports.d.ts' }),
    Components({ resolvers: [ElementPlusResolver()], dts: 'src/components.d.ts' }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 700 },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:5000',
        changeOrigin: true,
        // The API refuses unsafe requests whose Origin is not its own (CSRF); the dev server is another origin.
        configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', 'http://127.0.0.1:5000')),
      },
    },
  },
})
