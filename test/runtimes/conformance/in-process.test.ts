import { defineConformance } from "./_suite.ts";

defineConformance("in-process");
