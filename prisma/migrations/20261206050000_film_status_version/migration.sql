-- Films gain a lifecycle (a DRAFT is invisible to customers, an ARCHIVED film is no longer listed) and a version for
-- the admin form's optimistic concurrency. Every existing film is on the site today, so all of them start PUBLISHED;
-- the column keeps that default so rows written without a status (older seeds, tests) stay visible.
CREATE TYPE "FilmStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

ALTER TABLE "Film"
  ADD COLUMN "status" "FilmStatus" NOT NULL DEFAULT 'PUBLISHED',
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

CREATE INDEX "Film_status_title_idx" ON "Film"("status", "title");
