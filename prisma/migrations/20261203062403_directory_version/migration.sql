-- CreateTable
CREATE TABLE "DirectoryVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The one row every directory change bumps (docs/decisions/020-what-instances-share.md).
INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 0);
