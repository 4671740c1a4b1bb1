import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { I18N_BOOTSTRAP_ID } from "./i18n/bootstrap";

// Only pages that opt in (handle.hydrate) load this bundle; they embed the translations they use,
// so hydration needs no extra request.
async function hydrate() {
  const bootstrap = document.getElementById(I18N_BOOTSTRAP_ID);
  const { lang, resources } = JSON.parse(bootstrap?.textContent ?? "{}") as {
    lang?: string;
    resources?: Record<string, Record<string, unknown>>;
  };
  await i18next.use(initReactI18next).init({
    lng: lang ?? document.documentElement.lang,
    fallbackLng: false,
    resources: { [lang ?? "ur"]: resources ?? {} },
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
