import { useSyncExternalStore } from 'react';

// Whether the page is drawn dark right now: <html class="dark"> on a screen.
// Printing is never dark (tailwind.config.js), so what JavaScript colours
// (the charts) turns light for print too, as the CSS does. `print` media
// covers emulated print; beforeprint comes first when a browser prints.
let printing = false;

function isDarkScreen(): boolean {
  return document.documentElement.classList.contains('dark') && !printing && !matchMedia('print').matches;
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  const print = matchMedia('print');
  const before = () => { printing = true; onChange(); };
  const after = () => { printing = false; onChange(); };
  print.addEventListener('change', onChange);
  addEventListener('beforeprint', before);
  addEventListener('afterprint', after);
  return () => {
    observer.disconnect();
    print.removeEventListener('change', onChange);
    removeEventListener('beforeprint', before);
    removeEventListener('afterprint', after);
  };
}

export function useDarkScreen(): boolean {
  return useSyncExternalStore(subscribe, isDarkScreen, () => false);
}
