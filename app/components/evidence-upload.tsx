import { useTranslation } from "react-i18next";
import { evidenceAccept } from "~/domain/evidence";
import { evidenceMessageNumbers } from "~/domain/evidence-intake";
import { FieldError } from "./forms";

/**
 * The file input for evidence (a plain multiple file input: works without JavaScript), with the warnings that must
 * sit next to it. A browser cannot be given files back, so an error always says to choose them again.
 */
export function EvidenceUpload({ error, reselect = false }: { error?: string; reselect?: boolean }) {
  const { t } = useTranslation("report");
  const describedBy = ["evidence-hint", "evidence-warning", error ? "evidence-error" : null].filter(Boolean).join(" ");
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor="evidence">
        {t("evidence.label")}
      </label>
      <p className="hint" id="evidence-hint">
        {t("evidence.hint", evidenceMessageNumbers)}
      </p>
      <div className="panel panel--warning" id="evidence-warning">
        <p>{t("evidence.warningHidden")}</p>
        <p>{t("evidence.warningVisible")}</p>
        <p>
          <strong>{t("evidence.childWarning")}</strong>
        </p>
      </div>
      <FieldError id="evidence" message={error ? `${error} ${t("evidence.chooseAgain")}` : undefined} />
      {!error && reselect ? (
        <p className="hint" data-choose-again="">
          {t("evidence.chooseAgain")}
        </p>
      ) : null}
      <input
        className="file-input"
        id="evidence"
        name="evidence"
        type="file"
        multiple
        accept={evidenceAccept}
        aria-describedby={describedBy}
      />
    </div>
  );
}
