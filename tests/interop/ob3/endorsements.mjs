#!/usr/bin/env node
// Verifies the endorsements of a site folder (endorsements/<id>.json, as their endorsers
// signed them) with the Digital Bazaar stack that verify.mjs runs: did:key endorsers from
// the key itself, did:web endorsers from the DID document bundled beside the file
// (endorsements/<id>.did.json). Nothing is fetched. Each endorsement is then tampered with
// (its comment edited) and must be refused.
//
//   node endorsements.mjs --site <site folder> --now <date-time> [--node-modules DIR]
//
// Prints one JSON object: {"verified": n, "endorsements": n, "tamper_rejected": bool, "problems": [...]}.

import fs from 'node:fs';
import path from 'node:path';

import {loadStack, DID_V1, MULTIKEY_V1} from './stack.mjs';

const args = process.argv.slice(2);
const arg = name => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const site = arg('--site');
const now = new Date(arg('--now'));
const {vc, dataIntegrity, eddsa, contexts} = await loadStack(arg('--node-modules') ? path.resolve(arg('--node-modules')) : undefined);
const suite = new dataIntegrity.DataIntegrityProof({cryptosuite: eddsa.cryptosuite});

/** The endorser's DID document: bundled for did:web, made from the key for did:key. */
function didDocument(did, bundled) {
  if (did.startsWith('did:web:')) {
    if (!bundled || bundled.id !== did) throw new Error(`no bundled DID document for ${did}`);
    return bundled;
  }
  const multibase = did.slice('did:key:'.length);
  const method = `${did}#${multibase}`;
  return {
    '@context': [DID_V1, MULTIKEY_V1], id: did,
    verificationMethod: [{id: method, type: 'Multikey', controller: did, publicKeyMultibase: multibase}],
    assertionMethod: [method],
  };
}

async function verify(credential, bundled) {
  const did = credential.issuer.id;
  const documentLoader = async url => {
    if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    const [base] = url.split('#');
    if (base !== did) throw new Error(`refusing to load ${url}`);
    const doc = didDocument(did, bundled);
    if (!url.includes('#')) return {contextUrl: null, documentUrl: url, document: doc};
    const node = doc.verificationMethod.find(m => m.id === url);
    if (!node) throw new Error(`${url} is not in the DID document of ${did}`);
    return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...node}};
  };
  try {
    return await vc.verifyCredential({credential, suite, documentLoader, now});
  } catch (error) {
    return {verified: false, error};
  }
}

const folder = path.join(site, 'endorsements');
const files = fs.readdirSync(folder).filter(f => f.endsWith('.json') && !f.endsWith('.did.json')).sort();
const result = {endorsements: files.length, verified: 0, tamper_rejected: true, problems: []};
for (const file of files) {
  const credential = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
  const didFile = path.join(folder, file.replace(/\.json$/, '.did.json'));
  const bundled = fs.existsSync(didFile) ? JSON.parse(fs.readFileSync(didFile, 'utf8')) : undefined;
  const run = await verify(credential, bundled);
  if (run.verified) result.verified++;
  else result.problems.push(`${file}: ${run.error?.message ?? JSON.stringify(run.error?.errors?.map(e => e.message) ?? run)}`);
  const tampered = structuredClone(credential);
  tampered.credentialSubject.endorsementComment = `${tampered.credentialSubject.endorsementComment ?? ''}!`;
  if ((await verify(tampered, bundled)).verified) {
    result.tamper_rejected = false;
    result.problems.push(`${file}: accepted with an edited comment`);
  }
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.verified === result.endorsements && result.tamper_rejected ? 0 : 1);
