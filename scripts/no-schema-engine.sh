#!/bin/sh
echo "The schema-engine binary is not available offline: use scripts/prisma-migrate.mjs" >&2
exit 1
