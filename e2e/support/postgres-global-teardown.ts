import { dropSchema } from "./postgres-schema.ts";

/** Global teardown of `playwright.postgres.config.ts`: drops the run's schema (and its queue schema). */
export default async function postgresGlobalTeardown(): Promise<void> {
  const schema = process.env.E2E_POSTGRES_SCHEMA;
  if (schema) await dropSchema(schema);
}
