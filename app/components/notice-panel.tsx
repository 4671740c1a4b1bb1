/**
 * A short message at the top of a page after something happened ("saved", "password changed"). Announced by
 * screen readers as a status; `tone="warning"` is an alert. Extra `data-*` attributes mark it for the tests.
 */
export function NoticePanel({
  children,
  tone = "notice",
  ...rest
}: {
  children: React.ReactNode;
  tone?: "notice" | "warning";
} & { [data: `data-${string}`]: string | undefined }) {
  return (
    <div className={`panel panel--${tone}`} role={tone === "warning" ? "alert" : "status"} {...rest}>
      {typeof children === "string" ? <p>{children}</p> : children}
    </div>
  );
}
