#!/usr/bin/env node
// Regenerates what the docs derive from the schema: schema/kubernetes-job.schema.json and the
// field table in README.md. Run after `npm run build`; test/docs.test.ts fails when they are stale.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { manifestJsonSchema } = require("../dist/lib/manifest/json-schema.js");
const { replaceGenerated, specFieldTable } = require("../dist/lib/manifest/field-docs.js");

const root = join(__dirname, "..");
writeFileSync(join(root, "schema/kubernetes-job.schema.json"), `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
const readme = join(root, "README.md");
writeFileSync(readme, replaceGenerated(readFileSync(readme, "utf8"), "fields", specFieldTable()));
