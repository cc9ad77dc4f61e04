// Validates an OpenAPI document against the specification's JSON schema (3.0 or 3.1, by its "openapi" field) with
// @seriousme/openapi-schema-validator, and resolves every $ref. Prints the errors and exits 1 when it is not valid.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFile } from "node:fs/promises";

const file = process.argv[2];
if (!file) {
  console.error("usage: node check.mjs <openapi.json>");
  process.exit(2);
}

const document = JSON.parse(await readFile(file, "utf8"));
const validator = new Validator();
const result = await validator.validate(document);
if (!result.valid) {
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}

// Every reference must point at something.
validator.resolveRefs();
console.log(`valid OpenAPI ${validator.version}: ${Object.keys(document.paths ?? {}).length} paths`);
