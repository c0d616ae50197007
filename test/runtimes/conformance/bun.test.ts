import { defineConformance } from "./_suite.ts";

defineConformance("bun");
