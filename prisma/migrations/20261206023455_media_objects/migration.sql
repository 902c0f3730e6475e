-- CreateTable
CREATE TABLE "MediaObject" (
    "key" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaObject_pkey" PRIMARY KEY ("key")
);

-- What Prisma can't express. The recorded size is the stored size, and a key is what server/media makes: a content
-- hash, the rendition's name and its extension (so a key can never be a path).
ALTER TABLE "MediaObject" ADD CONSTRAINT "media_object_size_matches" CHECK ("byteSize" = octet_length("bytes"));
ALTER TABLE "MediaObject" ADD CONSTRAINT "media_object_key_format" CHECK ("key" ~ '^[a-z0-9][a-z0-9-]{0,120}\.(webp|jpg|png)$');
-- JPEG, PNG and WebP are compressed already: store them out of line without trying to compress them again.
ALTER TABLE "MediaObject" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
