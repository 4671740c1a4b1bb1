/** Id of the JSON script element that carries translations to hydrated pages. */
export const I18N_BOOTSTRAP_ID = "i18n-bootstrap";
