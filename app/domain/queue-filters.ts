// The queue's filters as the query string carries them: one parser for the queue page and its CSV export, so
// the export holds exactly the tips the page listed. Anything unknown is dropped, never an error: a filter
// link from an old page still opens the queue.
import { parseSearch, type Identifier, type SearchQuery } from "./identifiers";
import { priorities } from "./priority";
import { provinces, tipCategories } from "./tip";
import { tipStatuses } from "./tip-status";

export const queueSorts = ["newest", "oldest", "priority"] as const;

export interface QueueFilters {
  status?: string;
  category?: string;
  province?: string;
  priority?: string;
  overdue?: boolean;
  mine?: boolean;
  /** Part of a case reference. */
  search?: string;
  /** A phone, CNIC, e-mail or agency name: the tips that mention it (through the identifier index). */
  identifier?: Pick<Identifier, "kind" | "value">;
  /** What the search box held, when anything: audited by kind, never by value. "unrecognised" matches nothing. */
  searchKind?: SearchQuery["kind"];
  /** Closed tips whose content is deleted within 72 hours (docs/decisions/017). */
  deletionDue?: boolean;
  sort?: (typeof queueSorts)[number];
  page?: number;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.find((option) => option === value);

/** A list page's number from the query string (the queue's and the audit log's): 1 unless sane. */
export function pageParam(value: string | null): number {
  const page = Number.parseInt(value ?? "1", 10);
  return Number.isFinite(page) && page > 0 && page < 100_000 ? page : 1;
}

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
    sort: pick(search.get("sort"), queueSorts) ?? "newest",
    page: pageParam(search.get("page")),
  };
}
