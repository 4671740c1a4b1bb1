import { useTranslation } from "react-i18next";
import { evidenceDownloadName, type EvidenceType } from "~/domain/evidence";

export interface EvidenceListItem {
  position: number;
  type: EvidenceType;
  pageCount: number;
  sizeBytes: number;
}

/**
 * A tip's evidence files on the case page: each with its type, pages and (padded) size, a preview of every image
 * or page, and a download. Every preview and download is its own audited request (the evidence route).
 */
export function EvidenceList({ tipId, reference, files }: { tipId: string; reference: string; files: EvidenceListItem[] }) {
  const { t } = useTranslation("staff");
  const size = (bytes: number) =>
    bytes < 1024 * 1024 ? t("case.evidence.sizeKb", { size: Math.round(bytes / 1024) }) : t("case.evidence.sizeMb", { size: (bytes / (1024 * 1024)).toFixed(1) });
  return (
    <section className="section" aria-labelledby="evidence-heading" data-evidence="">
      <h2 id="evidence-heading">{t("case.evidence.heading")}</h2>
      {files.length === 0 ? (
        <p>{t("case.evidence.none")}</p>
      ) : (
        <>
          <p className="hint">{t("case.evidence.audited")}</p>
          <ul className="evidence-list">
            {files.map((file) => {
              const address = `/staff/tips/${tipId}/evidence/${file.position}`;
              const name = evidenceDownloadName(reference, file.position, file.type);
              return (
                <li key={file.position} className="evidence-list__file" data-evidence-file={file.position}>
                  <p>
                    <strong>{t("case.evidence.file", { position: file.position })}</strong> · {t(`case.evidence.types.${file.type}`)} ·{" "}
                    {t("case.evidence.pages", { count: file.pageCount })} · <span dir="ltr">{size(file.sizeBytes)}</span>
                  </p>
                  <div className="evidence-list__pages">
                    {Array.from({ length: file.pageCount }, (_, index) => (
                      <a key={index} href={`${address}?page=${index + 1}`} target="_blank" rel="noopener noreferrer">
                        <img
                          src={`${address}?page=${index + 1}`}
                          alt={t("case.evidence.previewAlt", { position: file.position, page: index + 1 })}
                          loading="lazy"
                          className="evidence-list__preview"
                        />
                      </a>
                    ))}
                  </div>
                  <p>
                    <a href={address} download={name}>
                      {t("case.evidence.download", { name })}
                    </a>
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
