import type { Namespace } from "~/i18n/namespaces";

export interface RouteHandle {
  /** Translation namespaces the route renders (sent to the browser only when the page hydrates). */
  i18n?: Namespace[];
  /** Load React in the browser for this page. Public pages do not: they must be light and work without it. */
  hydrate?: boolean;
}
