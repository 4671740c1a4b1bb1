// The web app manifest, one per language (linked from app/root.tsx), so an installed Aagahi opens in the
// reader's language with the right direction. Both share one id: it is one app whichever was installed.
import { directionOf, type Language } from "~/i18n/languages";

export const iconSizes = [192, 512] as const;

export function webManifestPath(lang: Language): string {
  return `/${lang}/manifest.webmanifest`;
}

export function webManifest(lang: Language, text: { siteName: string; tagline: string }) {
  return {
    id: "/",
    name: text.siteName,
    short_name: text.siteName,
    description: text.tagline,
    lang,
    dir: directionOf(lang),
    start_url: `/${lang}`,
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#0b3d5c",
    icons: iconSizes.flatMap((size) => [
      { src: `/icons/icon-${size}.png`, sizes: `${size}x${size}`, type: "image/png", purpose: "any" },
      { src: `/icons/maskable-${size}.png`, sizes: `${size}x${size}`, type: "image/png", purpose: "maskable" },
    ]),
  };
}
