#!/bin/sh
# Placeholder for PRISMA_SCHEMA_ENGINE_BINARY. `prisma generate` never runs the engine; anything that does is
# routed through scripts/prisma-migrate.mjs (Prisma's Wasm schema engine), because the native one can't be downloaded.
echo "The native Prisma schema engine is not used here: run npm run db:migrate / db:deploy instead." >&2
exit 1
