// The only JavaScript public pages load. Everything it does also works without it; it just does it better.
// Kept as a function (not a string) so it is type-checked; it is sent as its own source text.

function enhancePublicPage() {
  const exitLink = document.querySelector<HTMLAnchorElement>("a[data-quick-exit]");
  if (exitLink) {
    const leave = (event: Event) => {
      event.preventDefault();
      // Hide the page at once, then replace this history entry so Back does not return here.
      document.body.style.visibility = "hidden";
      window.location.replace(exitLink.href);
    };
    exitLink.addEventListener("click", leave);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" || event.key === "Esc") leave(event);
    });
  }

  // Phones keep recent pages in memory to show them again on Back or Forward, with what was typed in them. A
  // page marked data-forget-on-back (the report form, the receipt, the follow-up pages) must not come back that
  // way for whoever picks up the phone next: hide it and load its address again without the query (a GET,
  // never a repeated POST, and without the ?t= link that opens a receipt or a case), which shows an empty form
  // or "this page has expired".
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted || !document.querySelector("[data-forget-on-back]")) return;
    document.body.style.visibility = "hidden";
    window.location.replace(window.location.pathname);
  });

  // Offline reading (app/browser-scripts/service-worker.ts). Once the page has loaded, the worker keeps this
  // language's awareness pages and the files this page used, unless the reader asked to save data.
  const worker = navigator.serviceWorker;
  if (!worker) return;
  const start = () =>
    worker
      .register("/sw.js")
      .then(() => worker.ready)
      .then((registration) => {
        if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
        registration.active?.postMessage({
          type: "precache",
          lang: document.documentElement.lang,
          assets: performance.getEntriesByType("resource").map((entry) => entry.name),
        });
      })
      .catch(() => undefined);
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
}

export const enhanceScriptSource = `(${enhancePublicPage.toString()})();\n`;

/** Short content hash (FNV-1a) so the script URL changes whenever its text does. */
export const enhanceScriptVersion = shortHash(enhanceScriptSource);

/** A short content hash (FNV-1a, base 36) for version strings; not for anything secret. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export const enhanceScriptPath = `/assets/enhance.js?v=${enhanceScriptVersion}`;
