import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { provinces, tipCategories } from "~/domain/tip";
import { tipStatuses } from "~/domain/tip-status";
import type { SelectOption } from "./forms";

/** One filter of the queue: "any" or one value. A compact bar, so the label wraps the select. */
function FilterSelect({
  label,
  name,
  value,
  anyLabel,
  options,
}: {
  label: string;
  name: string;
  value: string;
  anyLabel?: string;
  options: SelectOption[];
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value} className="select">
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface QueueFilterValues {
  status?: string;
  category?: string;
  province?: string;
  priority?: string;
  sort?: string;
  overdue?: boolean;
  mine?: boolean;
  deletionDue?: boolean;
}

/** The queue's filters and search, sent as a GET so every view has its own address (and export). */
export function QueueFilterForm({
  filters,
  q,
  priorities,
}: {
  filters: QueueFilterValues;
  q: string;
  priorities: readonly string[];
}) {
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const any = t("queue.any");
  return (
    <Form method="get" action="/staff" className="filters" role="search" aria-label={t("queue.filters")}>
      <FilterSelect
        label={t("queue.status")}
        name="status"
        value={filters.status ?? ""}
        anyLabel={any}
        options={tipStatuses.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
      />
      <FilterSelect
        label={t("queue.category")}
        name="category"
        value={filters.category ?? ""}
        anyLabel={any}
        options={tipCategories.map((category) => ({
          value: category,
          label: tr(`fields.category.options.${category}`),
        }))}
      />
      <FilterSelect
        label={t("queue.province")}
        name="province"
        value={filters.province ?? ""}
        anyLabel={any}
        options={[...provinces, "unknown" as const].map((province) => ({
          value: province,
          label: tr(`provinces.${province}`),
        }))}
      />
      <FilterSelect
        label={t("queue.priority")}
        name="priority"
        value={filters.priority ?? ""}
        anyLabel={any}
        options={priorities.map((priority) => ({ value: priority, label: t(`priorities.${priority}`) }))}
      />
      <FilterSelect
        label={t("queue.sort")}
        name="sort"
        value={filters.sort ?? "newest"}
        options={[
          { value: "newest", label: t("queue.sortNewest") },
          { value: "oldest", label: t("queue.sortOldest") },
          { value: "priority", label: t("queue.sortPriority") },
        ]}
      />
      <label>
        {t("queue.search")}
        <input className="input" name="q" defaultValue={q} dir="auto" maxLength={200} aria-describedby="search-hint" />
        <span className="hint" id="search-hint">
          {t("queue.searchHint")}
        </span>
      </label>
      <label className="checkbox">
        <input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} /> {t("queue.overdueOnly")}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="mine" value="1" defaultChecked={filters.mine} /> {t("queue.mine")}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="deletion" value="1" defaultChecked={filters.deletionDue} />{" "}
        {t("queue.deletionDueOnly")}
      </label>
      <button className="button" type="submit">
        {t("queue.apply")}
      </button>
    </Form>
  );
}
