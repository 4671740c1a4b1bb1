import { z } from "zod";
import rawTable from "~/data/routing-table.json";
import type { RoutingTable } from "~/domain/routing";

const unitCode = z.string().min(1);

export const routingTable: RoutingTable = z
  .object({
    fiaUnits: z.object({
      default: unitCode,
      byProvince: z.record(unitCode),
      byDistrict: z.record(unitCode),
    }),
  })
  .parse(rawTable);
