import './styles.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import { onApiError } from './api/client'
import { actionFor } from './api/errors'
import App from './App.vue'
import { createConsoleRouter } from './router'
import { useSessionStore } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createConsoleRouter()
app.use(router)

// Global error handling: a 401 anywhere (idle, logged out elsewhere, password changed) goes to the login page.
onApiError((error) => {
  if (actionFor(error) !== 'sign-in' || router.currentRoute.value.meta.public) return
  useSessionStore(pinia).forget(error.message)
  void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
})

app.mount('#app')
