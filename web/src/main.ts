import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import App from './App.vue';
import { router } from './router.ts';
import { currentLocale, i18n, loadLocale } from './i18n/index.ts';
import { TsunaguPreset } from './theme.ts';
import { multiSelectA11y, selectA11y } from './primevue-a11y.ts';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(PrimeVue, {
  theme: {
    preset: TsunaguPreset,
    // Light only for now: dark tokens apply under a class the app never sets.
    options: { darkModeSelector: '.tsunagu-dark', cssLayer: false },
  },
  // Every MultiSelect's and Select's open menu passes axe (see primevue-a11y.ts).
  pt: { multiselect: multiSelectA11y, select: selectA11y },
});
// Confirmations (ConfirmDialog) of consequential changes, e.g. a user's role.
app.use(ConfirmationService);
app.use(router);
await loadLocale(currentLocale());
document.documentElement.lang = currentLocale();
app.mount('#app');
