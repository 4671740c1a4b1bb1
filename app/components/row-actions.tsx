import { Form } from "@remix-run/react";

/**
 * "Change" and "Remove" for one row of an admin table. Each button names its row for screen readers, since a
 * column of identical "Remove" buttons says nothing on its own.
 */
export function RowActions({
  rowName,
  edit,
  remove,
}: {
  rowName: string;
  edit: { href: string; label: string };
  /** Omitted for rows that cannot be removed. */
  remove?: { label: string; fields: Record<string, string> };
}) {
  return (
    <div className="button-group">
      <a className="button button--secondary" href={edit.href}>
        {edit.label}
        <span className="visually-hidden">: {rowName}</span>
      </a>
      {remove ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          {Object.entries(remove.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button className="button button--warning" type="submit">
            {remove.label}
            <span className="visually-hidden">: {rowName}</span>
          </button>
        </Form>
      ) : null}
    </div>
  );
}
