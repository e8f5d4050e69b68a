import { setupPostgres } from "../../runtime/world/postgres/setup-postgres.ts";
import { assertPostgresReachable, E2E_POSTGRES_URL } from "./postgres-schema.ts";

/** Global setup of `playwright.postgres.config.ts`: the database answers, and the run's schema exists. */
export default async function postgresGlobalSetup(): Promise<void> {
  await assertPostgresReachable();
  await setupPostgres({ url: E2E_POSTGRES_URL, schema: process.env.E2E_POSTGRES_SCHEMA });
}
