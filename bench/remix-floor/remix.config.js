// The smallest Remix app with the report form's request shape (run by bench/load-intake.mjs): the same Remix,
// React, Express and adapter as the app, a form action that reads the body and redirects, and a receipt page.
import appConfig from "../../remix.config.js";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  serverPlatform: "node",
  buildDirectory: "build",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "build/public",
  // The app's own future flags, so the floor takes the same code paths in Remix.
  future: appConfig.future,
};
