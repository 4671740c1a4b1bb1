/**
 * A horizontal bar chart as a table with one SVG bar per row: drawn on the server, readable without
 * JavaScript, and by screen readers (the numbers are in the table). SVG attributes, not inline styles, so the
 * Content-Security-Policy needs no 'unsafe-inline'.
 */
export function BarChart({
  caption,
  rows,
  hiddenLabel = "",
}: {
  caption: string;
  rows: { label: string; value: number | null }[];
  hiddenLabel?: string;
}) {
  // A null value is a small count that is not published (app/domain/small-counts.ts): no bar, and the label.
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
  return (
    <table className="chart">
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="chart__bar">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect x="0" y="0" width={((row.value ?? 0) / max) * 100} height="10" />
              </svg>
            </td>
            <td className="chart__value" data-hidden-count={row.value === null ? "" : undefined}>
              {row.value === null ? hiddenLabel : row.value.toLocaleString()}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
