// Small counts in published statistics (issue 16): a count of 1-4 tips for a place or a week can point at the
// reporter or the victim ("the only tip from that district last week"), so such counts are shown as "fewer
// than 5". Zero is hidden too: when only non-zero small counts were hidden, a hidden cell would say "1 to 4".
//
// Where a breakdown's total is also shown, one hidden cell alone could be recovered by subtraction, so the
// smallest shown cell is hidden with it (complementary suppression): the reader learns only the sum of the
// hidden cells. What remains is recorded in docs/decisions/029: that sum itself, comparing the page over time,
// and comparing it with the queue (which staff with the statistics permission can filter and count anyway).

export const smallCountThreshold = 5;

/** A count as published: the number, or null for "fewer than 5" (or hidden to protect one that is). */
export type PublishedCount = number | null;

export function publishCount(value: number, threshold = smallCountThreshold): PublishedCount {
  return value < threshold ? null : value;
}

/**
 * One breakdown's cells as they may be published. `totalShown`: the sum of every cell is published too (a
 * breakdown of all tips by category, next to the total), so a lone hidden cell takes a second one with it.
 */
export function publishBreakdown<Row extends { value: number }>(
  rows: readonly Row[],
  options: { totalShown: boolean; threshold?: number },
): (Omit<Row, "value"> & { value: PublishedCount })[] {
  const threshold = options.threshold ?? smallCountThreshold;
  const hidden = new Set(rows.flatMap((row, index) => (row.value < threshold ? [index] : [])));
  if (options.totalShown && hidden.size === 1 && rows.length > 1) {
    let smallest = -1;
    rows.forEach((row, index) => {
      if (!hidden.has(index) && (smallest < 0 || row.value < rows[smallest]!.value)) smallest = index;
    });
    hidden.add(smallest);
  }
  return rows.map((row, index) => ({ ...row, value: hidden.has(index) ? null : row.value }));
}

export interface RawStatistics {
  total: number;
  overdue: number;
  acknowledgedCount: number;
  medianHoursToAcknowledge: number | null;
  byCategory: { key: string; value: number }[];
  byProvince: { key: string; value: number }[];
  byAgency: { key: string; value: number }[];
  byStatus: { key: string; value: number }[];
  byWeek: { start: Date; value: number }[];
}

/**
 * The statistics as the page and its export show them. Counts of tips by place, week, category, agency and
 * status, and the totals, follow the small-count rule. Left exact: the number of tips overdue now (a
 * supervisor's work list, which the queue shows them anyway) and the median hours to acknowledge (a time,
 * not a count of people).
 */
export function publishStatistics(stats: RawStatistics) {
  const breakdown = (rows: { key: string; value: number }[]) => publishBreakdown(rows, { totalShown: true });
  return {
    total: publishCount(stats.total),
    overdue: stats.overdue,
    acknowledgedCount: publishCount(stats.acknowledgedCount),
    // With fewer than 5 acknowledged tips the median is close to one tip's own delay: withheld like the count.
    medianHoursToAcknowledge: stats.acknowledgedCount < smallCountThreshold ? null : stats.medianHoursToAcknowledge,
    byCategory: breakdown(stats.byCategory),
    byProvince: breakdown(stats.byProvince),
    byAgency: breakdown(stats.byAgency),
    byStatus: breakdown(stats.byStatus),
    // The total is published, and while every tip falls within the twelve weeks (a new deployment, a new
    // agency) it equals the weeks' sum: a single hidden week could be found by subtraction, so the weeks are
    // treated as adding up to the total.
    byWeek: publishBreakdown(stats.byWeek, { totalShown: true }),
  };
}

export type PublishedStatistics = ReturnType<typeof publishStatistics>;
