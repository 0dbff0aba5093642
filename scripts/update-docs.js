#!/usr/bin/env node
// Regenerates what the docs derive from the schemas: one JSON Schema file per apiVersion
// (schema/kubernetes-job.schema.json, schema/kubernetes-job.v1alpha1.schema.json) and the field
// tables in README.md. Run after `npm run build`; tests fail when they are stale.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { manifestJsonSchema } = require("../dist/lib/manifest/json-schema.js");
const { replaceGenerated, specFieldTable } = require("../dist/lib/manifest/field-docs.js");
const {
  PLANTON_SCHEMA_FILE,
  plantonManifestJsonSchema,
  plantonSpecFieldTable,
} = require("../dist/lib/manifest/v1alpha1/docs.js");

const root = join(__dirname, "..");
const json = (schema) => `${JSON.stringify(schema, null, 2)}\n`;
writeFileSync(join(root, "schema/kubernetes-job.schema.json"), json(manifestJsonSchema()));
writeFileSync(join(root, PLANTON_SCHEMA_FILE), json(plantonManifestJsonSchema()));
const readme = join(root, "README.md");
const fields = replaceGenerated(readFileSync(readme, "utf8"), "fields", specFieldTable());
writeFileSync(readme, replaceGenerated(fields, "fields-v1alpha1", plantonSpecFieldTable()));
