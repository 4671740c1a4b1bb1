import { parseSearch } from "~/domain/identifiers";
import { provinces, tipCategories } from "~/domain/tip";
import { tipStatuses } from "~/domain/tip-status";
import { priorities, type QueueFilters } from "~/models/staff-tips.server";
import { pageParam } from "./staff-page.server";

// The queue's filters as the query string carries them: shared by the queue page and its CSV export, so the
// export holds exactly the tips the page listed.

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.find((option) => option === value);

/** The search box's text as typed, kept to a sane length (it is shown back in the box). */
export const searchText = (search: URLSearchParams) => (search.get("q") ?? "").slice(0, 200);

/** `q` is a case reference or an identifier (phone, CNIC, e-mail, agency name): parseSearch tells which. */
function searchFilters(q: string): Pick<QueueFilters, "search" | "identifier" | "searchKind"> {
  const query = parseSearch(q);
  if (!query) return {};
  if (query.kind === "reference")
    return { search: query.reference.replace(/[^A-Za-z0-9-]/g, "").slice(0, 20) || undefined, searchKind: "reference" };
  if (query.kind === "unrecognised") return { searchKind: "unrecognised" };
  return { identifier: query.identifier, searchKind: query.kind };
}

export function filtersFromSearch(search: URLSearchParams): QueueFilters {
  return {
    status: pick(search.get("status"), tipStatuses),
    category: pick(search.get("category"), tipCategories),
    province: pick(search.get("province"), [...provinces, "unknown"]),
    priority: pick(search.get("priority"), priorities),
    overdue: search.get("overdue") === "1",
    mine: search.get("mine") === "1",
    deletionDue: search.get("deletion") === "1",
    ...searchFilters(searchText(search)),
    sort: pick(search.get("sort"), ["newest", "oldest", "priority"] as const) ?? "newest",
    page: pageParam(search.get("page")),
  };
}
