// The starting FIA circle routing table (app/data/routing-table.json), put into a new database by
// seedDirectory. After installation admins edit it on /staff/routing: read it through getDirectory().
import { z } from "zod";
import rawTable from "~/data/routing-table.json";
import type { RoutingTable } from "~/domain/routing";

const unitCode = z.string().min(1);

export const routingTableData: RoutingTable = z
  .object({
    fiaUnits: z.object({
      default: unitCode,
      byProvince: z.record(unitCode),
      byDistrict: z.record(unitCode),
    }),
  })
  .parse(rawTable);
