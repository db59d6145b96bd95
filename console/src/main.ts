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
// A one-time password not yet replaced (an admin reset it while this tab was open) goes to the password page.
onApiError((error) => {
  const action = actionFor(error)
  const current = router.currentRoute.value
  if (action === 'change-password' && !current.meta.passwordChange) {
    useSessionStore(pinia).mustChangePassword = true
    void router.push({ name: 'password', query: { redirect: current.fullPath } })
  }
  if (action !== 'sign-in' || current.meta.public) return
  useSessionStore(pinia).forget(error.message)
  void router.push({ name: 'login', query: { redirect: current.fullPath } })
})

app.mount('#app')
