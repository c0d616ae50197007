import { defineConformance } from "./_suite.ts";

defineConformance("node20");
