// Prisma's schema engine, run as WebAssembly. The CLI would download a native engine
// at start, and these machines cannot reach that host; the same engine ships in
// @prisma/schema-engine-wasm, but its entry imports the .wasm as an ES module (a
// bundler convention Node does not support), so we instantiate it ourselves.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

import type * as EngineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

type Bindings = typeof EngineBindings;

let bindingsPromise: Promise<Bindings> | undefined;

// The engine reports a Rust panic's message through this global before trapping;
// without it the panic surfaces as "Cannot read properties of undefined".
const panicRegistry = {
  lastPanic: "",
  set_message(message: string) {
    this.lastPanic = message;
    process.stderr.write(`prisma schema engine panicked: ${message}\n`);
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Bindings & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(jsPath.replace(/\.js$/, ".wasm"));
  const imports: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(bindings)) {
    if (name.startsWith("__wbg") || name.startsWith("__wbindgen")) imports[name] = value;
  }
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") (start as () => void)();
  return bindings;
}

// The engine's schema description reads catalog columns of PostgreSQL's one-byte
// "char" type (OID 18; e.g. pg_constraint.contype, which PostgreSQL 18 fills with NOT
// NULL constraints) and expects them typed as Character. adapter-pg 7.10 does not map
// that OID and rejects the whole query ("Column type 'char' could not be
// deserialized"). So the pool reports such columns as text, remembering which they
// were (keyed by the rows array, which the adapter passes through), and the adapter's
// queryRaw then marks them as Character again.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, number[]>();

function charAsText(res: unknown): unknown {
  const result = res as { fields?: { dataTypeID: number }[]; rows?: unknown[] } | undefined;
  const columns: number[] = [];
  result?.fields?.forEach((field, index) => {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      columns.push(index);
    }
  });
  if (columns.length && result?.rows) charColumnsByRows.set(result.rows, columns);
  return res;
}

// pg's query() has many overloads; adapter-pg uses the promise form on the pool (plain
// queries) and on a checked-out client (transactions). Other forms pass through.
class CatalogFriendlyClient extends pg.Client {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(charAsText) : result) as never;
  }
}

class CatalogFriendlyPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(charAsText) : result) as never;
  }
}

function restoreCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumnsByRows.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

function restoreCharColumnsInAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => restoreCharColumns(await startTransaction(isolationLevel));
  return restoreCharColumns(adapter);
}

function enginePool(connectionString: string, pools: pg.Pool[]): pg.Pool {
  const pool = new CatalogFriendlyPool({ connectionString, Client: CatalogFriendlyClient, max: 2 });
  // An idle connection dropped by the server must not crash the CLI; the next query
  // simply opens a new one.
  pool.on("error", () => undefined);
  pools.push(pool);
  return pool;
}

export interface SchemaEngineHandle {
  engine: SchemaEngineType;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

export interface EngineTarget {
  /** The database the engine migrates or reads. */
  url: string;
  /** Where `diff` from migrations replays them; must be an empty, throwaway database. */
  shadowUrl?: string;
  /** schema.prisma path and content, for commands that need the datamodel. */
  datamodel?: { path: string; content: string };
}

export async function openSchemaEngine(target: EngineTarget): Promise<SchemaEngineHandle> {
  bindingsPromise ??= loadBindings();
  const { SchemaEngine } = await bindingsPromise;
  const pools: pg.Pool[] = [];
  const main = new PrismaPg(enginePool(target.url, pools));
  // adapter-pg would CREATE DATABASE for a shadow; the embedded server has one database
  // only, so the caller hands us a separate (in-memory) server instead.
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => restoreCharColumnsInAdapter(await main.connect()),
    connectToShadowDb: async () => {
      if (!target.shadowUrl) throw new Error("this engine command needs a shadow database");
      return restoreCharColumnsInAdapter(await new PrismaPg(enginePool(target.shadowUrl, pools)).connect());
    },
  };
  const engine = await SchemaEngine.new(
    { datamodels: target.datamodel ? [[target.datamodel.path, target.datamodel.content]] : undefined },
    // The engine's own tracing; its errors reach us as rejected promises instead.
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    },
  };
}
