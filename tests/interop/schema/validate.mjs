#!/usr/bin/env node
// Validates a built site with the 1EdTech Open Badges 3.0 JSON schema
// (ob_v3p0_achievementcredential_schema.json beside this script, draft 2019-09) run by ajv,
// a validator rosette did not write:
//   - every awards/<id>/credential.json against the schema (OpenBadgeCredential, with the
//     issuer Profile and the Achievement inside, and their `endorsement` arrays),
//   - every badges/<id>/achievement.json against its $defs/Achievement,
//   - every endorsements/<id>.json against its $defs/EndorsementCredential.
// Then it proves it can fail: a copy of one endorsement without credentialSubject.type, and
// of one credential whose achievement lost its criteria, must both be refused.
//
//   node validate.mjs --site <built folder> [--node-modules DIR]
//
// Prints one JSON object; exits 1 when anything is refused (or a mutant is accepted).

import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = name => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const site = arg('--site');
const modules = path.resolve(arg('--node-modules') ?? path.join(here, 'node_modules'));
const require = createRequire(path.join(modules, 'x.js'));
const Ajv2019 = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats');

const schema = JSON.parse(fs.readFileSync(path.join(here, 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
const ajv = new Ajv2019({strict: false, allErrors: true});
addFormats(ajv);
ajv.addSchema(schema);
const validator = pointer => ajv.getSchema(`${schema.$id}${pointer}`);
const credential = validator('');
const achievement = validator('#/$defs/Achievement');
const endorsement = validator('#/$defs/EndorsementCredential');

const result = {
  credentials: 0, credentials_with_endorsements: 0, achievements: 0, achievements_with_endorsements: 0,
  issuers_with_endorsements: 0, endorsements: 0, embedded_endorsements: 0, valid: 0, mutants_rejected: true,
  problems: [],
};
const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const check = (validate, document, name) => {
  if (validate(document)) { result.valid++; return true; }
  result.problems.push(`${name}: ${ajv.errorsText(validate.errors, {separator: '; '})}`);
  return false;
};
const folders = dir => fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
const count = list => Array.isArray(list) ? list.length : list ? 1 : 0;

for (const award of folders(path.join(site, 'awards'))) {
  const file = path.join(site, 'awards', award, 'credential.json');
  if (!fs.existsSync(file)) continue;
  const doc = read(file);
  result.credentials++;
  const embedded = count(doc.endorsement) + count(doc.issuer?.endorsement) + count(doc.credentialSubject?.achievement?.endorsement);
  if (embedded) result.credentials_with_endorsements++;
  if (count(doc.issuer?.endorsement)) result.issuers_with_endorsements++;
  result.embedded_endorsements += embedded;
  check(credential, doc, `awards/${award}/credential.json`);
}
for (const badge of folders(path.join(site, 'badges'))) {
  const file = path.join(site, 'badges', badge, 'achievement.json');
  if (!fs.existsSync(file)) continue;
  const doc = read(file);
  result.achievements++;
  if (count(doc.endorsement)) result.achievements_with_endorsements++;
  check(achievement, doc, `badges/${badge}/achievement.json`);
}
const endorsements = folders(path.join(site, 'endorsements')).filter(f => f.endsWith('.json') && !f.endsWith('.did.json'));
for (const file of endorsements) {
  result.endorsements++;
  check(endorsement, read(path.join(site, 'endorsements', file)), `endorsements/${file}`);
}

// The schema must be able to say no.
if (endorsements.length) {
  const mutant = read(path.join(site, 'endorsements', endorsements[0]));
  delete mutant.credentialSubject.type;
  if (endorsement(mutant)) { result.mutants_rejected = false; result.problems.push('an endorsement without credentialSubject.type was accepted'); }
}
const first = folders(path.join(site, 'awards')).map(a => path.join(site, 'awards', a, 'credential.json')).find(f => fs.existsSync(f));
if (first) {
  const mutant = read(first);
  delete mutant.credentialSubject.achievement.criteria;
  if (credential(mutant)) { result.mutants_rejected = false; result.problems.push('a credential whose achievement has no criteria was accepted'); }
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.problems.length ? 1 : 0);
