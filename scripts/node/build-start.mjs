// Compiles scripts/start.ts into .build/start (start-bundle.mjs); run by `npm start` when the
// sources changed, in a process of its own.
import { buildStartBundle } from "./start-bundle.mjs";

await buildStartBundle();
