// The smallest Remix app with the report form's request shape (bench/load-intake.mjs --floor): the same Remix,
// React, Express and adapter as the app, a form action that reads the body and redirects, and a receipt page.
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  serverPlatform: "node",
  buildDirectory: "build",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "build/public",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
