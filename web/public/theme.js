// Sets <html class="dark"> before the first paint, so a dark page never
// flashes light. A classic script file, not inline: the server's CSP
// (script-src 'self') refuses inline scripts. Same rule as src/lib/theme.ts
// (theme.test.ts runs this file against it): a stored "light" or "dark"
// wins, anything else follows prefers-color-scheme.
(function () {
  var preference = null;
  try {
    preference = localStorage.getItem('deeptrace.theme');
  } catch (e) {
    // storage blocked: follow the system
  }
  var dark = preference === 'dark' ||
    (preference !== 'light' && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  if (dark) document.documentElement.classList.add('dark');
})();
