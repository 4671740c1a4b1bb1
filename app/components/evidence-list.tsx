import { useTranslation } from "react-i18next";
import { evidenceDownloadName, type EvidenceType } from "~/domain/evidence";

export interface EvidenceListItem {
  position: number;
  type: EvidenceType;
  pageCount: number;
  sizeBytes: number;
}

/** A tip's files, and what names them: the same for the case page and the case file. */
interface TipEvidence {
  tipId: string;
  reference: string;
  files: EvidenceListItem[];
}

const evidenceAddress = (tipId: string, position: number) => `/staff/tips/${tipId}/evidence/${position}`;

function useFileSize() {
  const { t } = useTranslation("staff");
  return (bytes: number) =>
    bytes < 1024 * 1024
      ? t("case.evidence.sizeKb", { size: Math.round(bytes / 1024) })
      : t("case.evidence.sizeMb", { size: (bytes / (1024 * 1024)).toFixed(1) });
}

/** "File 2 · PDF · 3 pages · 192 KB": the same line on the case page and in the case file. */
function FileSummary({ file }: { file: EvidenceListItem }) {
  const { t } = useTranslation("staff");
  const size = useFileSize();
  return (
    <>
      <strong>{t("case.evidence.file", { position: file.position })}</strong> · {t(`case.evidence.types.${file.type}`)}{" "}
      · {t("case.evidence.pages", { count: file.pageCount })} · <span dir="ltr">{size(file.sizeBytes)}</span>
    </>
  );
}

/**
 * The cleaned files in the printable case file: every image and PDF page at full width, loaded at once (a lazy
 * image may be missing from the print), each under the name a download of it gets.
 */
export function CaseFileEvidence({ tipId, reference, files }: TipEvidence) {
  const { t } = useTranslation("staff");
  return (
    <section className="section" aria-labelledby="cf-evidence" data-case-file-evidence="">
      <h2 id="cf-evidence">{t("caseFile.evidence")}</h2>
      {files.length === 0 ? (
        <p>{t("caseFile.none")}</p>
      ) : (
        <>
          <p>{t("caseFile.evidenceCleaned")}</p>
          {files.map((file) => (
            <figure key={file.position} className="case-file__evidence" data-evidence-file={file.position}>
              <figcaption>
                <FileSummary file={file} /> ·{" "}
                <span dir="ltr">{evidenceDownloadName(reference, file.position, file.type)}</span>
              </figcaption>
              {Array.from({ length: file.pageCount }, (_, index) => (
                <img
                  key={index}
                  src={`${evidenceAddress(tipId, file.position)}?page=${index + 1}`}
                  alt={t("case.evidence.previewAlt", { position: file.position, page: index + 1 })}
                  className="case-file__evidence-image"
                />
              ))}
            </figure>
          ))}
        </>
      )}
    </section>
  );
}

/**
 * A tip's evidence files on the case page: each with its type, pages and (padded) size, a preview of every image
 * or page, and a download. Every preview and download is its own audited request (the evidence route).
 */
export function EvidenceList({ tipId, reference, files }: TipEvidence) {
  const { t } = useTranslation("staff");
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
              const address = evidenceAddress(tipId, file.position);
              const name = evidenceDownloadName(reference, file.position, file.type);
              return (
                <li key={file.position} className="evidence-list__file" data-evidence-file={file.position}>
                  <p>
                    <FileSummary file={file} />
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
