/** A harmless, busy site to leave for. Override with QUICK_EXIT_URL. */
export const defaultQuickExitUrl = "https://www.google.com/search?q=weather";
