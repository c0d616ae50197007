import { defineConformance } from "./_suite.ts";

// toNodeListener mounted in a plain node:http server, not serve().
defineConformance("node-listener");
