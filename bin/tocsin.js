#!/usr/bin/env node
// Entry point for `npx tocsin`: registers tsx so the TypeScript sources run without a build step.
import { register } from "tsx/esm/api";
register();
await import("../src/interfaces/cli/main.ts");
