-- AlterTable
ALTER TABLE "Announcement" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
