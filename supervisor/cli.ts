#!/usr/bin/env node
/**
 * `standard-supervisor <launch_command> [args...]`: the MHCS process supervisor for JavaScript containers.
 * Runs on Node, Bun and Deno with the runtime's `node:` modules and, from the core, only its log levels and
 * configuration error. See docs/supervisor.md.
 * @module
 */
import { main } from "./main.ts";

// Stop signals are recorded before anything else runs, so none is lost during validation or installation.
const code = await main(process.argv.slice(2), process.env);
process.exit(code);
