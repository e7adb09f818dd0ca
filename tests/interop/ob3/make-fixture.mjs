#!/usr/bin/env node
// Writes a tiny OB 3.0 site, signed with the same Digital Bazaar stack that verify.mjs
// runs, shaped exactly as rosette publishes (relative to the base URL B):
//
//   issuers/dept/did.json       did:web DID document: key-2 for assertionMethod, key-1
//                               listed in verificationMethod only (a revoked key)
//   issuers/dept/status.json    signed BitstringStatusListCredential (131072 bits)
//   badges/rust-101/achievement.json
//   awards/a-valid/…            valid: hashed e-mail identifier, validUntil 2030
//   awards/b-revoked/…          revoked: status bit set, ob2.json {"revoked": true}
//   awards/c-expired/…          expired: validUntil 2026-01-01
//
// It proves verify.mjs works (defect "none" must pass at --now 2026-11-27T00:00:00Z) and
// fails when it must (every other defect must fail). Used by selftest.sh.
//
//   node make-fixture.mjs --out <dir> [--base-url B] [--defect NAME] [--node-modules DIR]

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {loadStack, VC_V2, OB_V3_0_3, DID_V1, MULTIKEY_V1} from './stack.mjs';

export const DEFECTS = {
  'none': 'a correct site',
  'bit-cleared': 'the revoked award\'s status bit is not set',
  'bit-extra': 'the valid award\'s status bit is set, ob2.json does not say revoked',
  'revoked-key': 'the valid award is signed with key-1, which is not in assertionMethod',
  'edited-after-signing': 'the valid award\'s narrative is edited after signing',
  'foreign-context': 'the valid award gets a third @context on another host',
  'undefined-term': 'the valid award gets a property no context defines, after signing',
  'did-id-mismatch': 'did.json has an id that is not the DID',
  'list-edited-after-signing': 'a bit of status.json is set after signing the list',
  'wrong-issuer-key': 'the valid award is signed by a key the DID document does not list',
};

function parseArgs(argv) {
  const o = {baseUrl: 'https://northfield-badges.github.io/badges/', defect: 'none'};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--out') o.out = v();
    else if (a === '--base-url') o.baseUrl = v();
    else if (a === '--defect') o.defect = v();
    else if (a === '--node-modules') o.nodeModules = v();
    else {
      process.stderr.write(`make-fixture.mjs: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (!o.out || !(o.defect in DEFECTS)) {
    process.stderr.write('usage: node make-fixture.mjs --out <dir> [--base-url B] ' +
      `[--defect ${Object.keys(DEFECTS).join('|')}]\n`);
    process.exit(2);
  }
  if (!o.baseUrl.endsWith('/')) o.baseUrl += '/';
  return o;
}

const seed = label => new Uint8Array(crypto.createHash('sha256').update(`rosette-ob3-fixture:${label}`).digest());

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const B = o.baseUrl;
  const {vc, dataIntegrity, eddsa, multikey, bsl, didWeb, contexts} =
    await loadStack(o.nodeModules ? path.resolve(o.nodeModules) : undefined);
  const documentLoader = async url => {
    if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    throw new Error(`make-fixture: refusing to load ${url}`);
  };

  const issuer = 'dept';
  const did = didWeb.httpsUrlToDidUrl(`${B}issuers/${issuer}/did.json`).did;
  const key1 = await multikey.generate({id: `${did}#key-1`, controller: did, seed: seed('key-1')});
  const key2 = await multikey.generate({id: `${did}#key-2`, controller: did, seed: seed('key-2')});
  const stray = await multikey.generate({id: `${did}#key-2`, controller: did, seed: seed('stray')});
  const publicNode = async k => {
    const {id, type, controller, publicKeyMultibase} = await k.export({publicKey: true, includeContext: false});
    return {id, type, controller, publicKeyMultibase};
  };

  const sign = async (credential, key, created) => {
    const suite = new dataIntegrity.DataIntegrityProof({
      signer: key.signer(), cryptosuite: eddsa.cryptosuite, date: created,
    });
    return vc.issue({credential, suite, documentLoader});
  };

  const out = path.resolve(o.out);
  fs.rmSync(out, {recursive: true, force: true});
  const write = (rel, doc) => {
    const file = path.join(out, rel);
    fs.mkdirSync(path.dirname(file), {recursive: true});
    fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  };

  // did.json
  const didDoc = {
    '@context': [DID_V1, MULTIKEY_V1],
    id: o.defect === 'did-id-mismatch' ? did.replace(':issuers:', ':issuer:') : did,
    verificationMethod: [await publicNode(key1), await publicNode(key2)],
    assertionMethod: [`${did}#key-2`],
  };
  write(`issuers/${issuer}/did.json`, didDoc);

  const profile = {
    id: did, type: ['Profile'], name: 'Northfield Department of Computing',
    url: B, email: 'badges@northfield.example',
  };

  // achievement
  const achievementId = `${B}badges/rust-101/achievement.json`;
  const achievement = {
    '@context': [VC_V2, OB_V3_0_3],
    id: achievementId,
    type: ['Achievement'],
    achievementType: 'Course',
    name: 'Rust 101',
    description: 'Completed the Rust 101 course.',
    criteria: {id: `${B}badges/rust-101/`, narrative: 'Pass all **exercises**.'},
    image: {id: `${B}badges/rust-101/image.png`, type: 'Image'},
  };
  write('badges/rust-101/achievement.json', achievement);

  // awards
  const statusUrl = `${B}issuers/${issuer}/status.json`;
  const awards = [
    {id: 'a-valid', index: 4127, validUntil: '2030-01-01T00:00:00Z', revoked: false,
      subject: {identifier: [{type: 'IdentityObject', identityType: 'emailAddress', hashed: true,
        salt: 'b1946ac92492d2347c6235b4d2611184',
        identityHash: `sha256$${crypto.createHash('sha256').update('ada@example.org' + 'b1946ac92492d2347c6235b4d2611184').digest('hex')}`}]}},
    {id: 'b-revoked', index: 90001, revoked: true,
      subject: {id: 'https://people.example.org/bob'}},
    {id: 'c-expired', index: 131071, validUntil: '2026-01-01T00:00:00Z', revoked: false,
      subject: {identifier: [{type: 'IdentityObject', identityType: 'emailAddress', hashed: true,
        salt: 'e4d909c290d0fb1ca068ffaddf22cbd0',
        identityHash: `sha256$${crypto.createHash('sha256').update('cleo@example.org' + 'e4d909c290d0fb1ca068ffaddf22cbd0').digest('hex')}`}]}},
  ];
  for (const a of awards) {
    const url = `${B}awards/${a.id}/credential.json`;
    const credential = {
      '@context': [VC_V2, OB_V3_0_3],
      id: url,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: profile,
      validFrom: '2025-03-14T10:00:00Z',
      ...(a.validUntil ? {validUntil: a.validUntil} : {}),
      name: 'Rust 101',
      credentialSubject: {
        type: ['AchievementSubject'],
        ...a.subject,
        achievement: {...achievement, '@context': undefined},
        narrative: 'Built a command-line tool for the department\'s lab booking.',
      },
      credentialStatus: {
        id: `${statusUrl}#${a.index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(a.index),
        statusListCredential: statusUrl,
      },
    };
    delete credential.credentialSubject.achievement['@context'];
    let key = key2;
    if (a.id === 'a-valid' && o.defect === 'revoked-key') key = key1;
    if (a.id === 'a-valid' && o.defect === 'wrong-issuer-key') key = stray;
    const signed = await sign(credential, key, '2025-03-14T10:00:00Z');
    if (a.id === 'a-valid') {
      if (o.defect === 'edited-after-signing') signed.credentialSubject.narrative += ' And more.';
      if (o.defect === 'foreign-context') signed['@context'].push('https://contexts.example.org/extra.json');
      if (o.defect === 'undefined-term') signed.extraField = 'not defined by any context';
    }
    write(`awards/${a.id}/credential.json`, signed);
    write(`awards/${a.id}/ob2.json`, {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `${B}awards/${a.id}/ob2.json`,
      ...(a.revoked ? {revoked: true, revocationReason: 'Awarded in error.'} : {}),
    });
  }

  // status list
  const list = await bsl.createList({length: 131072});
  list.setStatus(7, true); // an index no award of this site uses
  for (const a of awards) {
    let bit = a.revoked;
    if (a.id === 'b-revoked' && o.defect === 'bit-cleared') bit = false;
    if (a.id === 'a-valid' && o.defect === 'bit-extra') bit = true;
    if (bit) list.setStatus(a.index, true);
  }
  const slc = await bsl.createCredential({id: statusUrl, list, statusPurpose: 'revocation'});
  slc.issuer = did;
  slc.validFrom = '2025-03-14T10:00:00Z';
  const signedList = await sign(slc, key2, '2025-03-14T10:00:00Z');
  if (o.defect === 'list-edited-after-signing') {
    list.setStatus(8, true);
    signedList.credentialSubject.encodedList = await list.encode();
  }
  write(`issuers/${issuer}/status.json`, signedList);

  process.stderr.write(`make-fixture: wrote ${out} (defect: ${o.defect}: ${DEFECTS[o.defect]})\n`);
}

main().catch(e => {
  process.stderr.write(`make-fixture.mjs: ${e.stack || e}\n`);
  process.exit(1);
});
