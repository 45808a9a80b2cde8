// Types of start-bundle.mjs (plain JavaScript: it runs before anything compiles TypeScript).
export const ROOT: string;
export const START_BUILD_DIR: string;
export function startBundlePaths(outDir?: string): { bundle: string; inputs: string };
export function startBundleNeeded(options?: { outDir?: string; skipBuildSetting?: string | undefined }): "first" | "changed" | null;
export function buildStartBundle(options?: { outDir?: string; entry?: string }): Promise<{ bundle: string; inputs: string[] }>;
export function ensureStartBundle(): string;
