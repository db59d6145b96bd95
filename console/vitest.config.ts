import { fileURLToPath, URL } from 'node:url'

import { defineConfig } from 'vitest/config'

// Unit tests of the console's logic (no DOM needed): src/**/*.spec.ts
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: { include: ['src/**/*.spec.ts'], environment: 'node' },
})
