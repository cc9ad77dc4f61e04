#!/usr/bin/env node
// Verifies one webhook message as a receiver would, written from the Standard Webhooks specification
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md), with node's crypto only.
//
//   node verify.mjs <secret> <webhook-id> <webhook-timestamp> <webhook-signature> <body-file> [--now <unix seconds>]
//
// <secret> is "whsec_" + base64 of the key. The signed content is "<id>.<timestamp>.<body>", signed with HMAC-SHA256;
// the signature header is a space-separated list of "<version>,<base64 signature>", of which one "v1" must match
// (compared in constant time). The timestamp must be within 5 minutes of now, either way (replay protection).
// Exit code 0: valid; 1: invalid (the reason on standard error); 2: usage.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

const TOLERANCE_SECONDS = 5 * 60;

function fail(reason, code = 1) {
  process.stderr.write(reason + "\n");
  process.exit(code);
}

const args = process.argv.slice(2);
let now = Math.floor(Date.now() / 1000);
const nowAt = args.indexOf("--now");
if (nowAt >= 0) {
  now = Number(args[nowAt + 1]);
  args.splice(nowAt, 2);
}
if (args.length !== 5) {
  fail("usage: verify.mjs <secret> <webhook-id> <webhook-timestamp> <webhook-signature> <body-file> [--now <unix seconds>]", 2);
}
const [secret, id, timestampText, signatureHeader, bodyFile] = args;

const keyText = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
const key = Buffer.from(keyText, "base64");
if (key.length === 0) fail("the secret holds no key");

if (!/^[0-9]+$/.test(timestampText)) fail("webhook-timestamp is not an integer");
const timestamp = Number(timestampText);
if (timestamp < now - TOLERANCE_SECONDS) fail(`message timestamp too old (${now - timestamp} s)`);
if (timestamp > now + TOLERANCE_SECONDS) fail(`message timestamp too new (${timestamp - now} s ahead)`);

// The body exactly as received (bytes), never re-serialized JSON.
const body = readFileSync(bodyFile);
const signedContent = Buffer.concat([Buffer.from(`${id}.${timestampText}.`, "utf8"), body]);
const expected = createHmac("sha256", key).update(signedContent).digest();

for (const candidate of signatureHeader.split(" ")) {
  const comma = candidate.indexOf(",");
  if (comma < 0) continue;
  const version = candidate.slice(0, comma);
  if (version !== "v1") continue; // other schemes (v1a, ...) are not ours to check
  const given = Buffer.from(candidate.slice(comma + 1), "base64");
  if (given.length === expected.length && timingSafeEqual(given, expected)) {
    process.exit(0);
  }
}
fail("no matching v1 signature");
