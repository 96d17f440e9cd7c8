// Runs before the app: puts the colour scheme MUI will use on <html> so the first paint is
// already light or dark (no flash). Same storage key and rule as MUI's useColorScheme.
(function () {
  var mode = 'system';
  try {
    mode = localStorage.getItem('mui-mode') || 'system';
  } catch {
    // storage unavailable (private mode): follow the system
  }
  var dark = mode === 'dark' || (mode === 'system' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.add(dark ? 'dark' : 'light');
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
})();
