import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate; `migrate deploy` on machines that can reach Prisma's engine
// downloads). Assay's own `npm run db:migrate` applies the same migrations folder offline.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/assay" },
});
