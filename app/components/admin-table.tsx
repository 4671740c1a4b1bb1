/**
 * The staff pages' tables (queue, audit log, accounts, directory, routing, helplines): a scrolling wrapper, one
 * header row of column headings, and the page's own rows.
 */
export function AdminTable({
  columns,
  children,
  ...rest
}: {
  columns: string[];
  children: React.ReactNode;
} & { [data: `data-${string}`]: string | undefined }) {
  return (
    <div className="table-wrap">
      <table className="table" {...rest}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
