-- Adverts as admins manage them: a version for optimistic concurrency (two saves of one version can't both win)
-- and a priority the site orders by (higher first).
ALTER TABLE "Advert" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Advert" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
