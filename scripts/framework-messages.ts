/**
 * Writes the built-in assessment frameworks' English texts (src/domain/assessment/frameworks/) into
 * web/src/i18n/messages/en.json as `framework.<key>.…` entries (web/src/i18n/framework-keys.ts), after
 * a framework's wording changes. Then update fr/es/ar by hand: web/src/i18n/frameworks.test.ts lists
 * what is missing, and docs/glossary.md says who must review it.
 *
 *   npx tsx scripts/framework-messages.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUILTIN_FRAMEWORKS } from "../src/domain/assessment/frameworks/mod.ts";
import { frameworkMessages } from "../web/src/i18n/framework-keys.ts";

const file = join(import.meta.dirname, "..", "web", "src", "i18n", "messages", "en.json");
const catalogue: Record<string, string> = JSON.parse(readFileSync(file, "utf8"));
for (const key of Object.keys(catalogue)) if (key.startsWith("framework.")) delete catalogue[key];
for (const fw of BUILTIN_FRAMEWORKS) Object.assign(catalogue, frameworkMessages(fw));
writeFileSync(file, JSON.stringify(catalogue, null, 2) + "\n");
