/**
 * A horizontal bar chart as a table with one SVG bar per row: drawn on the server, readable without
 * JavaScript, and by screen readers (the numbers are in the table). SVG attributes, not inline styles, so the
 * Content-Security-Policy needs no 'unsafe-inline'.
 */
export function BarChart({ caption, rows }: { caption: string; rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <table className="chart">
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="chart__bar">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect x="0" y="0" width={(row.value / max) * 100} height="10" />
              </svg>
            </td>
            <td className="chart__value">{row.value.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
