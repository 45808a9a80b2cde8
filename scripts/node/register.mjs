// Loaded with `tsx --import ./scripts/node/register.mjs …` (package.json scripts).
import { register } from "node:module";

register("./server-only-hooks.mjs", import.meta.url);
