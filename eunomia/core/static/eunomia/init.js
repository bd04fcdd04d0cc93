import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// A page showing work in progress (a background job) asks to be reloaded every few seconds. Done
// here rather than with <meta http-equiv="refresh">, which a reader cannot stop (WCAG 2.2.1); the
// page links to a copy that does not refresh, and without JavaScript to the latest progress.
const refreshing = document.querySelector("[data-refresh-seconds]");
if (refreshing) {
  window.setTimeout(() => window.location.reload(), Number(refreshing.dataset.refreshSeconds) * 1000);
}
