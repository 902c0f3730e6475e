#!/usr/bin/env node
// `prisma migrate` through Prisma's own schema engine, compiled to WebAssembly.
//
// The Prisma CLI downloads a native schema engine at run time, which machines without internet can't do. The same
// engine ships on npm as Wasm (@prisma/schema-engine-wasm); this script drives it through @prisma/adapter-pg and
// keeps the standard layout (prisma/migrations/<timestamp>_<name>/migration.sql) and the standard
// _prisma_migrations table, so `prisma migrate deploy` on a machine with the native engine sees the same history.
//
//   node scripts/prisma-migrate.mjs dev --name <name> [--create-only]   create a migration from the schema, apply it
//   node scripts/prisma-migrate.mjs deploy                              apply pending migrations
//   node scripts/prisma-migrate.mjs status                              print the migration history diagnosis
//   node scripts/prisma-migrate.mjs reset --force                       drop everything, re-apply all migrations
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigFromFile } from "@prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string", default: "" },
    "create-only": { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});
const [command] = positionals;
const fail = (message) => {
  console.error(`prisma-migrate: ${message}`);
  process.exit(1);
};
if (!["dev", "deploy", "status", "reset"].includes(command)) {
  fail("usage: prisma-migrate.mjs dev --name <name> [--create-only] | deploy | status | reset --force");
}
if (command === "dev" && !options.name) fail("dev needs --name <migration name>, e.g. npm run db:migrate -- --name add_reviews");
const log = (...args) => options.quiet || console.log(...args);

const { config, error } = await loadConfigFromFile({});
if (error) fail(`cannot load prisma.config.ts: ${error._tag} ${error.error?.message ?? ""}`);
const root = config.loadedFromFile ? path.dirname(config.loadedFromFile) : process.cwd();
const schemaPath = path.resolve(root, config.schema ?? "prisma/schema.prisma");
const migrationsDir = path.resolve(root, config.migrations?.path ?? "prisma/migrations");
const url = config.datasource?.url ?? fail("datasource.url is missing in prisma.config.ts");
const schemaFiles = [{ path: schemaPath, content: await fs.readFile(schemaPath, "utf8") }];
const filters = { externalTables: [], externalEnums: [] };

async function readMigrations() {
  const lockfile = await fs.readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch(() => null);
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: "migration.sql",
          content: await fs
            .readFile(path.join(migrationsDir, entry.name, "migration.sql"), "utf8")
            .then((value) => ({ tag: "ok", value }), (e) => ({ tag: "error", value: e.message })),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

// @prisma/adapter-pg 7.10 gaps that only the schema engine hits:
// - the Postgres type "char" (OID 18, used by pg_constraint.contype) has no mapping: report it as text;
// - executeScript() splits on every ";" and so breaks function bodies: send the whole script as one query;
// - connectToShadowDb() lands on the main database because pg's connectionString wins: use a real temporary one.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const openConnections = [];
function patchConnection(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  const charColumns = new WeakMap();
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes = [];
    (result?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length) charColumns.set(query, indexes);
    return result;
  };
  // The describer reads those columns as a single character, so hand them over typed as one.
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  queryable.executeScript = async (script) => {
    try {
      await queryable.client.query(script);
    } catch (e) {
      queryable.onError(e);
    }
  };
  const startTransaction = queryable.startTransaction?.bind(queryable);
  if (startTransaction) queryable.startTransaction = async (...args) => patchConnection(await startTransaction(...args));
  return queryable;
}

class MigrationAdapter extends PrismaPg {
  async connect() {
    const connection = patchConnection(await super.connect());
    openConnections.push(connection);
    return connection;
  }
  async connectToShadowDb() {
    const main = await this.connect();
    const shadowName = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${shadowName}"`);
    const shadowUrl = new URL(url);
    shadowUrl.pathname = `/${shadowName}`;
    const shadow = patchConnection(await new PrismaPg({ connectionString: shadowUrl.href }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
    };
    openConnections.push(shadow);
    return shadow;
  }
}

// The Wasm glue reports a Rust panic through this global; without it the real message is lost.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => console.error(`schema engine panic: ${message}`) };

// Node 20 can't `import` a .wasm module: instantiate it and hand it to the wasm-bindgen glue.
const wasmUrl = new URL("./schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
const wasm = new WebAssembly.Instance(new WebAssembly.Module(await fs.readFile(wasmUrl)), {
  "./schema_engine_bg.js": engineGlue,
});
engineGlue.__wbg_set_wasm(wasm.exports);
wasm.exports.__wbindgen_start();
const engine = await engineGlue.SchemaEngine.new(
  { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
  (message) => process.env.DEBUG && console.error("[schema-engine]", message),
  bindMigrationAwareSqlAdapterFactory(new MigrationAdapter({ connectionString: url })),
);
log(`Prisma schema engine ${engineGlue.version()} (wasm) → ${url.replace(/\/\/[^@/]*@/, "//***@")}`);

async function applyPending() {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await readMigrations(), filters });
  log(appliedMigrationNames.length ? `Applied: ${appliedMigrationNames.join(", ")}` : "No pending migrations.");
}

function slugify(name) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

try {
  if (command === "deploy") {
    await applyPending();
  } else if (command === "status") {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: await readMigrations(),
      optInToShadowDatabase: false,
      filters,
    });
    console.log(JSON.stringify(diagnosis, null, 2));
    if (diagnosis.history || diagnosis.failedMigrationNames.length || diagnosis.editedMigrationNames.length) {
      process.exitCode = 1;
    }
  } else if (command === "reset") {
    if (!options.force) fail("reset drops every table and all data; pass --force");
    await engine.reset({ filter: filters });
    await applyPending();
  } else if (command === "dev") {
    // The same sequence as `prisma migrate dev`: check for drift, apply what is pending, then diff the schema.
    const diagnostic = await engine.devDiagnostic({ migrationsList: await readMigrations(), filters });
    if (diagnostic.action.tag === "reset") {
      fail(`${diagnostic.action.reason}\nOn a development database, \`npm run db:reset\` starts over.`);
    }
    await applyPending();
    const dataLoss = await engine.evaluateDataLoss({
      migrationsList: await readMigrations(),
      schema: { files: schemaFiles },
      filters,
    });
    if (dataLoss.unexecutableSteps.length) fail(dataLoss.unexecutableSteps.map((s) => s.message).join("\n"));
    for (const warning of dataLoss.warnings) console.warn(`Warning: ${warning.message}`);
    const created = await engine.createMigration({
      migrationName: slugify(options.name),
      draft: options["create-only"],
      migrationsList: await readMigrations(),
      schema: { files: schemaFiles },
      filters,
    });
    if (created.migrationScript === null) {
      log("The schema and the migrations already agree: nothing to create.");
    } else {
      const dir = path.join(migrationsDir, created.generatedMigrationName);
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, `migration.${created.extension}`), created.migrationScript);
      await fs.writeFile(
        path.join(migrationsDir, "migration_lock.toml"),
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${created.connectorType}"\n`,
      );
      log(`Created ${path.relative(process.cwd(), dir)}/migration.${created.extension}`);
      if (!options["create-only"]) await applyPending();
    }
  }
} catch (e) {
  console.error(`prisma-migrate: ${e.code ? `${e.code} ` : ""}${e.message}`);
  process.exitCode = 1;
} finally {
  engine.free();
  for (const connection of openConnections.reverse()) await connection.dispose().catch(() => {});
  // The engine leaves a 10 s timer pending after applyMigrations; don't make every caller wait for it.
  process.exit();
}
