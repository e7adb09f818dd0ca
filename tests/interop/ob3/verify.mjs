#!/usr/bin/env node
// Open Badges 3.0 interop harness: the real Digital Bazaar verifier stack (npm
// @digitalbazaar/vc 7 + data-integrity + eddsa-rdfc-2022-cryptosuite + ed25519-multikey
// + did-method-web + vc-bitstring-status-list, pinned in package-lock.json) judges every
// awards/*/credential.json and issuers/*/status.json of a built rosette site, offline.
//
//   node verify.mjs --site <public dir> --base-url <B> [--now <RFC3339>] [--json]
//                   [--node-modules <dir>]
//
// The packages come from ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/ob3/node_modules
// (bash tests/interop/ob3/setup.sh installs them), or from --node-modules.
//
// Document loading is STRICT and OFFLINE:
//  * JSON-LD contexts: only VC 2.0, OB 3.0.3 / 3.0.2 / extensions, Data Integrity v2,
//    Multikey v1 and DID v1, each from its npm package (stack.mjs);
//  * any URL under B is answered from the corresponding file of --site (a missing file
//    is a 404 and a failure);
//  * did:web DIDs and DID URLs whose document URL is under B are resolved by the real
//    @digitalbazaar/did-method-web driver, whose HTTP client is given a fetch that reads
//    the site folder; the driver requires the document `id` to equal the DID and finds
//    the key node whose `id` equals the requested DID URL exactly (checked again here);
//  * everything else (other hosts, other DID methods, other contexts) is refused with
//    an error, listed in refused_urls, and fails the run. globalThis.fetch is replaced
//    by a refusing stub, so no code path can reach the network.
//
// Expectations (exit 0 only if all hold and >= 1 credential verified):
//  * every credential's proof verifies with vc.verifyCredential (expired ones at a time
//    inside their validity window: vc.verifyCredential itself fails past validUntil);
//  * every issuers/*/status.json verifies as a credential;
//  * a credential's status bit is set iff its sibling ob2.json says "revoked": true;
//  * changing one character of `name`, or of proof.proofValue, makes verification fail;
//  * the documents have the shape rosette promises (ids = URLs, did:web issuer, ...).
// Exit codes: 0 ok, 1 an expectation failed, 2 usage (or the stack is not installed).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {isDeepStrictEqual} from 'node:util';

import {loadStack, VC_V2, OB_V3_0_3, DID_V1, MULTIKEY_V1} from './stack.mjs';

const USAGE =
  'usage: node verify.mjs --site <public dir> --base-url <B> [--now <RFC3339>] [--json] ' +
  '[--node-modules <dir>]';
const MIN_LIST_BITS = 131072;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function usage(msg) {
  process.stderr.write(`verify.mjs: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {json: false};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') opts.site = value();
    else if (a === '--base-url') opts.baseUrl = value();
    else if (a === '--now') opts.now = value();
    else if (a === '--node-modules') opts.nodeModules = value();
    else if (a === '--json') opts.json = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else usage(`unknown argument ${a}`);
  }
  if (!opts.site) usage('--site is required');
  if (!opts.baseUrl) usage('--base-url is required');
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) {
    usage(`--site ${opts.site} is not a directory`);
  }
  let base;
  try {
    base = new URL(opts.baseUrl);
  } catch {
    usage(`--base-url ${opts.baseUrl} is not an absolute URL`);
  }
  if (base.protocol !== 'https:') usage('--base-url must be an https URL (did:web resolves to https)');
  if (base.search || base.hash) usage('--base-url must not have a query or fragment');
  opts.baseUrl = base.href.endsWith('/') ? base.href : `${base.href}/`;
  if (opts.now !== undefined) {
    if (!RFC3339.test(opts.now) || Number.isNaN(Date.parse(opts.now))) {
      usage(`--now ${opts.now} is not an RFC 3339 date-time`);
    }
    opts.nowDate = new Date(opts.now);
  } else {
    opts.nowDate = new Date();
  }
  return opts;
}

/** Every message of an error, its `errors` and its `cause` chain, de-duplicated. */
function errorMessages(err, out = [], seen = new Set()) {
  if (!err || seen.has(err)) return out;
  seen.add(err);
  if (typeof err === 'string') {
    out.push(err);
    return out;
  }
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  if (err.message) {
    // jsonld.js safe mode puts the reason in details.event: say which term/value.
    const ev = err.details?.event;
    const why = ev ? ` [${ev.code}: ${ev.message}${ev.details ? ` ${JSON.stringify(ev.details)}` : ''}]` : '';
    out.push(`${name}${err.message}${why}`);
  }
  for (const e of err.errors || []) errorMessages(e, out, seen);
  if (err.cause) errorMessages(err.cause, out, seen);
  return [...new Set(out)];
}

/** Why vc.verifyCredential said no, from its result object. */
function resultErrors(result) {
  const msgs = [];
  if (result.error) msgs.push(...errorMessages(result.error));
  for (const r of result.results || []) {
    if (!r.verified && r.error) msgs.push(...errorMessages(r.error));
  }
  if (result.statusResult && !result.statusResult.verified) {
    msgs.push(...errorMessages(result.statusResult.error));
    for (const r of result.statusResult.results || []) {
      if (r.error) msgs.push(...errorMessages(r.error));
    }
  }
  return [...new Set(msgs)];
}

const values = v => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const B = opts.baseUrl;
  const now = opts.nowDate;
  const site = path.resolve(opts.site);

  let stack;
  try {
    stack = await loadStack(opts.nodeModules ? path.resolve(opts.nodeModules) : undefined);
  } catch (e) {
    process.stderr.write(`verify.mjs: ${e.message}\n`);
    process.exit(2);
  }
  const {vc, dataIntegrity, eddsa, didWeb, bsl, contexts} = stack;

  const problems = [];
  const refused = new Set();
  const loaded = new Map(); // url -> how it was answered
  let task = 'startup';
  const problem = msg => problems.push(msg);

  // ---- the offline world ---------------------------------------------------------
  function refuse(url, why) {
    if (!refused.has(url)) {
      refused.add(url);
      problem(`refused to load ${url} (while ${task}): ${why}`);
    }
    const err = new Error(`offline document loader refused ${url}: ${why}`);
    err.code = 'ROSETTE_REFUSED_URL';
    throw err;
  }

  // No network at all: anything that would reach the real fetch is refused.
  globalThis.fetch = async input => {
    const url = typeof input === 'string' ? input : input?.url ?? String(input);
    refuse(url, 'network access attempted through fetch()');
  };

  /** The file of the site that serves `url` (under B), or null if `url` is not under B. */
  function siteFile(url) {
    const noFragment = url.split('#')[0].split('?')[0];
    if (!noFragment.startsWith(B)) return null;
    let rel;
    try {
      rel = decodeURIComponent(noFragment.slice(B.length));
    } catch {
      refuse(url, 'undecodable path');
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(site, rel);
    if (!file.startsWith(site + path.sep)) refuse(url, 'path escapes the site folder');
    return file;
  }

  function readSiteJson(url) {
    const file = siteFile(url);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      const err = new Error(`${url} is not in the site (404: no ${path.relative(site, file)})`);
      err.code = 'ROSETTE_NOT_FOUND';
      throw err;
    }
    const text = fs.readFileSync(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${url} (${path.relative(site, file)}) is not JSON: ${e.message}`);
    }
  }

  // The fetch given to did-method-web's HTTP client (ky): answers from the site folder.
  async function siteFetch(input) {
    const url = typeof input === 'string' ? input : input.url;
    const file = siteFile(url);
    if (file === null) refuse(url, `did:web document outside ${B}`);
    loaded.set(url, 'site (did:web)');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return new Response(`not found: ${url}`, {status: 404, headers: {'content-type': 'text/plain'}});
    }
    return new Response(fs.readFileSync(file), {
      status: 200,
      headers: {'content-type': 'application/json'},
    });
  }
  const didDriver = didWeb.driver({fetchOptions: {fetch: siteFetch, retry: 0}});

  async function documentLoader(url) {
    if (contexts.has(url)) {
      loaded.set(url, 'context (npm)');
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    if (typeof url !== 'string') refuse(String(url), 'not a string');
    if (url.startsWith('did:')) {
      if (!url.startsWith('did:web:')) refuse(url, 'only did:web DIDs under the base URL are resolved');
      let docUrl;
      try {
        docUrl = didWeb.didUrlToHttpsUrl(url).baseUrl;
      } catch (e) {
        refuse(url, `not a valid did:web DID URL: ${e.message}`);
      }
      if (!docUrl.startsWith(B)) refuse(url, `its DID document ${docUrl} is outside ${B}`);
      const document = await didDriver.get({url});
      // did-method-web already checks document.id === DID and selects the node by exact
      // id; make both explicit so a driver change cannot loosen them.
      if (!document || document.id !== url) {
        throw new Error(`did:web ${url} resolved to a node with id ${JSON.stringify(document?.id)}`);
      }
      loaded.set(url, `did:web -> ${path.relative(site, siteFile(docUrl))}`);
      return {contextUrl: null, documentUrl: url, document};
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      refuse(url, 'not an absolute URL');
    }
    if (parsed.href.startsWith(B) || url.startsWith(B)) {
      const document = readSiteJson(url);
      loaded.set(url, `site: ${path.relative(site, siteFile(url))}`);
      return {contextUrl: null, documentUrl: url, document};
    }
    refuse(url, `not a bundled context, not under ${B}, not a did:web DID under it`);
  }

  const suite = new dataIntegrity.DataIntegrityProof({cryptosuite: eddsa.cryptosuite});

  // The library's Bitstring checker, minus its own verification of the list credential:
  // that one would run at the real clock (it takes no `now`), so every list is verified
  // here instead, at --now, and required to verify (statusLists below).
  const checkStatus = options => bsl.checkStatus({
    ...options,
    verifyBitstringStatusListCredential: false,
    verifyMatchingIssuers: true,
  });

  async function verify(credential, when) {
    try {
      return await vc.verifyCredential({credential, suite, documentLoader, now: when, checkStatus});
    } catch (error) {
      return {verified: false, error};
    }
  }

  const didForIssuer = name => didWeb.httpsUrlToDidUrl(`${B}issuers/${name}/did.json`).did;

  // ---- issuers: did.json shape ------------------------------------------------------
  const issuersDir = path.join(site, 'issuers');
  const issuerNames = fs.existsSync(issuersDir)
    ? fs.readdirSync(issuersDir).filter(n => fs.statSync(path.join(issuersDir, n)).isDirectory()).sort()
    : [];
  const issuers = [];
  for (const name of issuerNames) {
    const did = didForIssuer(name);
    const info = {issuer: name, did, keys: 0, assertion_keys: 0, revoked_keys: [], status_list: null};
    issuers.push(info);
    const didFile = path.join(issuersDir, name, 'did.json');
    if (!fs.existsSync(didFile)) {
      problem(`issuers/${name}: no did.json`);
      continue;
    }
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(didFile, 'utf8'));
    } catch (e) {
      problem(`issuers/${name}/did.json is not JSON: ${e.message}`);
      continue;
    }
    const where = `issuers/${name}/did.json`;
    if (doc.id !== did) problem(`${where}: id ${JSON.stringify(doc.id)} is not the DID ${did}`);
    const ctx = values(doc['@context']);
    if (ctx[0] !== DID_V1 || !ctx.includes(MULTIKEY_V1)) {
      problem(`${where}: @context ${JSON.stringify(doc['@context'])} is not [${DID_V1}, ${MULTIKEY_V1}]`);
    }
    const vms = doc.verificationMethod;
    if (!Array.isArray(vms) || vms.length === 0) {
      problem(`${where}: verificationMethod must be a non-empty array`);
    }
    const vmIds = new Set();
    for (const vm of Array.isArray(vms) ? vms : []) {
      vmIds.add(vm?.id);
      if (typeof vm?.id !== 'string' || !vm.id.startsWith(`${did}#`)) {
        problem(`${where}: verification method id ${JSON.stringify(vm?.id)} is not an absolute DID URL ${did}#…`);
      }
      if (vm?.type !== 'Multikey') problem(`${where}: ${vm?.id} has type ${JSON.stringify(vm?.type)}, not Multikey`);
      if (vm?.controller !== did) problem(`${where}: ${vm?.id} has controller ${JSON.stringify(vm?.controller)}, not ${did}`);
      if (typeof vm?.publicKeyMultibase !== 'string' || !vm.publicKeyMultibase.startsWith('z6Mk')) {
        problem(`${where}: ${vm?.id} publicKeyMultibase ${JSON.stringify(vm?.publicKeyMultibase)} is not an Ed25519 Multikey (z6Mk…)`);
      }
    }
    info.keys = vmIds.size;
    const am = doc.assertionMethod;
    if (!Array.isArray(am) || am.length === 0 || !am.every(x => typeof x === 'string')) {
      problem(`${where}: assertionMethod must be a non-empty array of DID URL strings`);
    } else {
      for (const id of am) {
        if (!vmIds.has(id)) problem(`${where}: assertionMethod ${id} is not a verificationMethod id`);
      }
      info.assertion_keys = am.length;
      info.revoked_keys = [...vmIds].filter(id => !am.includes(id));
    }
  }

  // ---- status lists ---------------------------------------------------------------
  const statusLists = new Map(); // url -> {verified, bytes, error}
  async function statusList(url) {
    if (statusLists.has(url)) return statusLists.get(url);
    const entry = {url, verified: false, bits: 0, bytes: null, errors: [], set_bits: 0};
    statusLists.set(url, entry);
    const saved = task;
    task = `verifying status list ${url}`;
    try {
      const {document: slc} = await documentLoader(url);
      const where = url.startsWith(B) ? url.slice(B.length) : url;
      if (slc.id !== url) problem(`${where}: id ${JSON.stringify(slc.id)} is not its URL ${url}`);
      if (!isDeepStrictEqual(slc['@context'], [VC_V2])) {
        problem(`${where}: @context ${JSON.stringify(slc['@context'])} is not ["${VC_V2}"]`);
      }
      if (!values(slc.type).includes('BitstringStatusListCredential')) {
        problem(`${where}: type ${JSON.stringify(slc.type)} lacks BitstringStatusListCredential`);
      }
      const m = /^(.*)issuers\/([^/]+)\/status\.json$/.exec(url);
      if (m && m[1] === B && slc.issuer !== didForIssuer(m[2])) {
        problem(`${where}: issuer ${JSON.stringify(slc.issuer)} is not the string ${didForIssuer(m[2])}`);
      }
      const sub = slc.credentialSubject || {};
      if (sub.id !== `${url}#list`) problem(`${where}: credentialSubject.id ${JSON.stringify(sub.id)} is not ${url}#list`);
      if (sub.type !== 'BitstringStatusList') problem(`${where}: credentialSubject.type ${JSON.stringify(sub.type)} is not BitstringStatusList`);
      if (sub.statusPurpose !== 'revocation') problem(`${where}: statusPurpose ${JSON.stringify(sub.statusPurpose)} is not revocation`);
      const enc = sub.encodedList;
      if (typeof enc !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(enc)) {
        problem(`${where}: encodedList is not multibase base64url without padding ("u…")`);
      } else {
        try {
          entry.bytes = zlib.gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
          entry.bits = entry.bytes.length * 8;
          for (const byte of entry.bytes) for (let b = byte; b; b &= b - 1) entry.set_bits++;
          if (entry.bits < MIN_LIST_BITS) problem(`${where}: the list has ${entry.bits} bits, fewer than ${MIN_LIST_BITS}`);
        } catch (e) {
          problem(`${where}: encodedList is not GZIP data: ${e.message}`);
        }
      }
      const result = await verify(slc, now);
      entry.verified = result.verified === true;
      if (!entry.verified) {
        entry.errors = resultErrors(result);
        problem(`${where}: the status list credential does not verify: ${entry.errors.join('; ')}`);
      }
    } catch (e) {
      entry.errors = errorMessages(e);
      problem(`status list ${url}: ${entry.errors.join('; ')}`);
    } finally {
      task = saved;
    }
    return entry;
  }
  for (const info of issuers) {
    const url = `${B}issuers/${info.issuer}/status.json`;
    if (fs.existsSync(siteFile(url))) {
      const entry = await statusList(url);
      info.status_list = {verified: entry.verified, bits: entry.bits, set_bits: entry.set_bits};
    } else {
      problem(`issuers/${info.issuer}: no status.json`);
    }
  }

  // ---- credentials ----------------------------------------------------------------
  const awardsDir = path.join(site, 'awards');
  const awardIds = fs.existsSync(awardsDir)
    ? fs.readdirSync(awardsDir)
      .filter(n => fs.existsSync(path.join(awardsDir, n, 'credential.json')))
      .sort()
    : [];
  const rows = [];
  const credentials = new Map(); // award -> parsed credential
  for (const award of awardIds) {
    const url = `${B}awards/${award}/credential.json`;
    const where = `awards/${award}/credential.json`;
    task = `verifying ${where}`;
    const row = {
      award, class: 'unknown', proof_verified: false, verified_at_now: false,
      verify_errors: [], status_index: null, status_bit: null, library_status: null,
      expected_revoked: null, expired: false, valid_until: null, notes: [],
    };
    rows.push(row);
    const fail = msg => {
      row.notes.push(msg);
      problem(`${where}: ${msg}`);
    };

    // What ob2.json says (the harness's source of truth for "revoked").
    const ob2File = path.join(awardsDir, award, 'ob2.json');
    try {
      row.expected_revoked = JSON.parse(fs.readFileSync(ob2File, 'utf8')).revoked === true;
    } catch (e) {
      fail(`cannot read the sibling ob2.json to learn whether the award is revoked: ${e.message}`);
    }

    let cred;
    try {
      cred = JSON.parse(fs.readFileSync(path.join(awardsDir, award, 'credential.json'), 'utf8'));
    } catch (e) {
      fail(`not JSON: ${e.message}`);
      continue;
    }
    credentials.set(award, cred);

    // Shape rosette promises.
    const ctx = cred['@context'];
    if (!Array.isArray(ctx) || ctx[0] !== VC_V2 || ctx[1] !== OB_V3_0_3) {
      fail(`shape: @context ${JSON.stringify(ctx)} does not start with ["${VC_V2}", "${OB_V3_0_3}"]`);
    }
    if (!values(cred.type).includes('VerifiableCredential') || !values(cred.type).includes('OpenBadgeCredential')) {
      fail(`shape: type ${JSON.stringify(cred.type)} lacks VerifiableCredential / OpenBadgeCredential`);
    }
    if (cred.id !== url) fail(`shape: id ${JSON.stringify(cred.id)} is not its URL ${url}`);
    const issuerId = typeof cred.issuer === 'object' ? cred.issuer?.id : cred.issuer;
    row.issuer = issuerId;
    if (typeof cred.issuer !== 'object' || !values(cred.issuer?.type).includes('Profile')) {
      fail('shape: issuer is not an embedded Profile object');
    }
    const issuerMatch = typeof issuerId === 'string' &&
      issuerNames.find(n => didForIssuer(n) === issuerId);
    if (!issuerMatch) fail(`shape: issuer id ${JSON.stringify(issuerId)} is not the did:web of an issuers/<issuer>/did.json of the site`);
    if (typeof cred.validFrom !== 'string') fail('shape: validFrom missing');
    row.valid_until = cred.validUntil ?? null;
    row.expired = typeof cred.validUntil === 'string' && new Date(cred.validUntil) < now;
    const notYetValid = typeof cred.validFrom === 'string' && new Date(cred.validFrom) > now;
    const subject = cred.credentialSubject || {};
    if (!values(subject.type).includes('AchievementSubject')) fail('shape: credentialSubject.type lacks AchievementSubject');
    if (subject.id === undefined && subject.identifier === undefined) fail('shape: credentialSubject has neither id nor identifier');
    const achId = subject.achievement?.id;
    if (typeof achId !== 'string' || !new RegExp(`^${B.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}badges/[^/]+/achievement\\.json$`).test(achId)) {
      fail(`shape: achievement.id ${JSON.stringify(achId)} is not ${B}badges/<badge>/achievement.json`);
    } else {
      try {
        const ach = readSiteJson(achId);
        if (ach.id !== achId) fail(`shape: ${achId} has id ${JSON.stringify(ach.id)}`);
      } catch (e) {
        fail(`shape: achievement ${achId}: ${e.message}`);
      }
    }
    const proofs = values(cred.proof);
    const proof = proofs[0];
    if (proofs.length !== 1 || typeof proof !== 'object') {
      fail(`shape: expected exactly one proof, found ${proofs.length}`);
    } else {
      if (proof.type !== 'DataIntegrityProof') fail(`shape: proof.type ${JSON.stringify(proof.type)}`);
      if (proof.cryptosuite !== 'eddsa-rdfc-2022') fail(`shape: proof.cryptosuite ${JSON.stringify(proof.cryptosuite)}`);
      if (proof.proofPurpose !== 'assertionMethod') fail(`shape: proof.proofPurpose ${JSON.stringify(proof.proofPurpose)}`);
      if (typeof proof.verificationMethod !== 'string' || !proof.verificationMethod.startsWith(`${issuerId}#`)) {
        fail(`shape: proof.verificationMethod ${JSON.stringify(proof.verificationMethod)} is not <issuer DID>#<key-id>`);
      }
      row.verification_method = proof.verificationMethod;
    }
    const cs = cred.credentialStatus;
    let statusUrl = null;
    if (!cs || typeof cs !== 'object' || Array.isArray(cs)) {
      fail('shape: credentialStatus is not a single object');
    } else {
      if (cs.type !== 'BitstringStatusListEntry') fail(`shape: credentialStatus.type ${JSON.stringify(cs.type)}`);
      if (cs.statusPurpose !== 'revocation') fail(`shape: credentialStatus.statusPurpose ${JSON.stringify(cs.statusPurpose)}`);
      if (typeof cs.statusListIndex !== 'string' || !/^(0|[1-9][0-9]*)$/.test(cs.statusListIndex)) {
        fail(`shape: statusListIndex ${JSON.stringify(cs.statusListIndex)} is not a base-10 integer string`);
      } else {
        row.status_index = Number(cs.statusListIndex);
      }
      statusUrl = cs.statusListCredential;
      if (issuerMatch && statusUrl !== `${B}issuers/${issuerMatch}/status.json`) {
        fail(`shape: statusListCredential ${JSON.stringify(statusUrl)} is not ${B}issuers/${issuerMatch}/status.json`);
      }
      if (cs.id !== `${statusUrl}#${cs.statusListIndex}`) {
        fail(`shape: credentialStatus.id ${JSON.stringify(cs.id)} is not ${statusUrl}#${cs.statusListIndex}`);
      }
    }

    // The verifier, at --now.
    const atNow = await verify(cred, now);
    row.verified_at_now = atNow.verified === true;
    let proofRun = atNow;
    if (!row.verified_at_now && (row.expired || notYetValid)) {
      // vc.verifyCredential rejects a credential outside [validFrom, validUntil] before it
      // looks at the proof: check the proof again at a time inside the window.
      row.verify_at_now_errors = resultErrors(atNow);
      const inside = row.expired ? new Date(cred.validUntil) : new Date(cred.validFrom);
      row.proof_checked_at = inside.toISOString();
      proofRun = await verify(cred, inside);
    }
    row.proof_verified = proofRun.verified === true;
    if (!row.proof_verified) {
      row.verify_errors = resultErrors(proofRun);
      fail(`does not verify: ${row.verify_errors.join('; ') || 'no reason given'}`);
    }
    if (notYetValid) fail(`validFrom ${cred.validFrom} is after --now ${now.toISOString()}`);
    if (!row.expired && !notYetValid && row.proof_verified && !row.verified_at_now) {
      fail(`vc.verifyCredential at --now fails: ${resultErrors(atNow).join('; ')}`);
    }
    const lib = proofRun.statusResult?.results?.[0];
    if (lib && typeof lib.status === 'boolean') row.library_status = lib.status;

    // The status bit, decoded here (bit 0 = most significant bit of byte 0).
    if (statusUrl && row.status_index !== null) {
      const list = await statusList(statusUrl);
      if (list.bytes) {
        if (row.status_index >= list.bits) {
          fail(`statusListIndex ${row.status_index} is outside the list (${list.bits} bits)`);
        } else {
          row.status_bit = (list.bytes[row.status_index >> 3] >> (7 - (row.status_index & 7))) & 1;
        }
      }
      if (!list.verified) fail(`its status list ${statusUrl} does not verify`);
    }
    if (row.status_bit !== null && row.library_status !== null && (row.status_bit === 1) !== row.library_status) {
      fail(`vc-bitstring-status-list says status ${row.library_status} but bit ${row.status_index} is ${row.status_bit}`);
    }
    if (row.proof_verified && row.library_status === null && row.status_bit !== null) {
      row.notes.push('vc-bitstring-status-list gave no status');
    }

    // Classification and the revocation expectation.
    // Only a verified credential is classified: valid + expired + revoked = verified.
    if (!row.proof_verified) row.class = 'invalid';
    else if (row.status_bit === 1) row.class = 'revoked';
    else if (row.expired) row.class = 'expired';
    else if (row.status_bit === 0) row.class = 'valid';
    if (row.expected_revoked !== null && row.status_bit !== null &&
        (row.status_bit === 1) !== row.expected_revoked) {
      fail(row.expected_revoked
        ? `ob2.json says revoked but status bit ${row.status_index} is 0`
        : `status bit ${row.status_index} is set but ob2.json does not say revoked`);
    }
  }

  // ---- tamper -----------------------------------------------------------------------
  const tamper = {award: null, name: null, proof_value: null};
  task = 'tamper tests';
  const target = rows.find(r => r.class === 'valid' && r.verified_at_now) || rows.find(r => r.proof_verified);
  if (!target) {
    problem('tamper: no verified credential to tamper with');
  } else {
    tamper.award = target.award;
    const original = credentials.get(target.award);
    const when = target.proof_checked_at ? new Date(target.proof_checked_at) : now;
    const flip = (s, at) => {
      const c = s[at];
      const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
      const d = /[0-9]/.test(c) ? String((Number(c) + 1) % 10)
        : /[a-z]/.test(c) ? (c === 'z' ? 'y' : String.fromCharCode(c.charCodeAt(0) + 1))
          : /[A-Z]/.test(c) ? (c === 'Z' ? 'Y' : String.fromCharCode(c.charCodeAt(0) + 1))
            : alphabet[0];
      return s.slice(0, at) + d + s.slice(at + 1);
    };
    // (1) one character of `name`
    const named = structuredClone(original);
    let field = 'name';
    let holder = named;
    if (typeof named.name !== 'string' || !/[A-Za-z0-9]/.test(named.name)) {
      field = 'credentialSubject.achievement.name';
      holder = named.credentialSubject?.achievement;
      problem(`tamper: awards/${target.award}/credential.json has no top-level name; tampering ${field}`);
    }
    if (holder && typeof holder.name === 'string' && /[A-Za-z0-9]/.test(holder.name)) {
      const at = holder.name.search(/[A-Za-z0-9]/);
      const before = holder.name;
      holder.name = flip(before, at);
      const r = await verify(named, when);
      tamper.name = {field, from: before, to: holder.name, rejected: r.verified !== true, errors: resultErrors(r)};
      if (r.verified === true) problem(`tamper: changing ${field} ${JSON.stringify(before)} -> ${JSON.stringify(holder.name)} still verifies`);
    } else {
      problem('tamper: no name to change');
    }
    // (2) one character of proof.proofValue
    const pv = structuredClone(original);
    const p = Array.isArray(pv.proof) ? pv.proof[0] : pv.proof;
    if (p && typeof p.proofValue === 'string' && p.proofValue.length > 10) {
      const at = Math.floor(p.proofValue.length / 2);
      const before = p.proofValue;
      p.proofValue = flip(before, at);
      const r = await verify(pv, when);
      tamper.proof_value = {position: at, rejected: r.verified !== true, errors: resultErrors(r)};
      if (r.verified === true) problem('tamper: an altered proofValue still verifies');
    } else {
      problem('tamper: no proofValue to change');
    }
  }
  const tamperRejected = Boolean(tamper.name?.rejected && tamper.proof_value?.rejected);

  // ---- summary ------------------------------------------------------------------------
  const count = c => rows.filter(r => r.class === c).length;
  const verifiedCount = rows.filter(r => r.proof_verified).length;
  if (rows.length === 0) problem(`no awards/*/credential.json in ${site}`);
  else if (verifiedCount === 0) problem('no credential verified');
  const summary = {
    ok: problems.length === 0 && verifiedCount >= 1 && tamperRejected,
    credentials: rows.length,
    verified: verifiedCount,
    valid: count('valid'),
    expired: count('expired'),
    revoked: count('revoked'),
    status_lists: statusLists.size,
    status_lists_verified: [...statusLists.values()].filter(s => s.verified).length,
    tamper_rejected: tamperRejected,
    refused_urls: [...refused],
    problems,
    now: now.toISOString(),
    base_url: B,
    issuers,
    tamper,
    loaded: Object.fromEntries([...loaded].sort()),
    versions: stack.versions,
    results: rows,
  };

  // ---- report -----------------------------------------------------------------------
  const out = [];
  out.push(`OB 3.0 interop (Digital Bazaar: vc ${stack.versions['@digitalbazaar/vc']}, ` +
    `data-integrity ${stack.versions['@digitalbazaar/data-integrity']}, ` +
    `eddsa-rdfc-2022 ${stack.versions['@digitalbazaar/eddsa-rdfc-2022-cryptosuite']}, ` +
    `jsonld ${stack.versions.jsonld}, rdf-canonize ${stack.versions['rdf-canonize']})`);
  out.push(`site ${site}  base ${B}  now ${now.toISOString()}`);
  for (const i of issuers) {
    out.push(`issuer ${i.issuer}: ${i.did}, ${i.assertion_keys}/${i.keys} keys for assertionMethod` +
      (i.revoked_keys.length ? ` (not for assertion: ${i.revoked_keys.join(', ')})` : '') +
      (i.status_list ? `; status.json ${i.status_list.verified ? 'verified' : 'NOT VERIFIED'}, ` +
        `${i.status_list.bits} bits, ${i.status_list.set_bits} set` : ''));
  }
  const w = Math.max(5, ...rows.map(r => r.award.length));
  out.push('');
  out.push(`${'award'.padEnd(w)}  ${'class'.padEnd(10)}  ${'proof'.padEnd(5)}  ${'@now'.padEnd(5)}  ${'bit'.padEnd(12)}  ob2 revoked  notes`);
  for (const r of rows) {
    const bit = r.status_bit === null ? '-' : `${r.status_bit} @${r.status_index}`;
    const notes = [...r.notes];
    if (r.verify_at_now_errors && r.proof_verified) notes.unshift(`@now: ${r.verify_at_now_errors.join('; ')} (proof checked at ${r.proof_checked_at})`);
    out.push(`${r.award.padEnd(w)}  ${r.class.padEnd(10)}  ${(r.proof_verified ? 'ok' : 'FAIL').padEnd(5)}  ` +
      `${(r.verified_at_now ? 'ok' : 'no').padEnd(5)}  ${bit.padEnd(12)}  ` +
      `${String(r.expected_revoked ?? '?').padEnd(11)}  ${notes.join(' | ')}`);
  }
  out.push('');
  if (tamper.name) {
    out.push(`tamper ${tamper.award}: ${tamper.name.field} ${JSON.stringify(tamper.name.from)} -> ` +
      `${JSON.stringify(tamper.name.to)}: ${tamper.name.rejected ? 'rejected' : 'ACCEPTED'} (${tamper.name.errors.join('; ')})`);
  }
  if (tamper.proof_value) {
    out.push(`tamper ${tamper.award}: proofValue char ${tamper.proof_value.position}: ` +
      `${tamper.proof_value.rejected ? 'rejected' : 'ACCEPTED'} (${tamper.proof_value.errors.join('; ')})`);
  }
  out.push(`loaded: ${Object.entries(summary.loaded).map(([u, how]) => `${u} [${how}]`).join(', ')}`);
  if (refused.size) out.push(`REFUSED: ${[...refused].join(', ')}`);
  for (const p of problems) out.push(`PROBLEM: ${p}`);
  out.push(`${summary.ok ? 'OK' : 'FAILED'}: ${summary.credentials} credentials, ${summary.verified} verified ` +
    `(${summary.valid} valid, ${summary.expired} expired, ${summary.revoked} revoked); ` +
    `${summary.status_lists_verified}/${summary.status_lists} status lists verified; ` +
    `tamper ${tamperRejected ? 'rejected' : 'NOT rejected'}; ${refused.size} refused URLs; ` +
    `${problems.length} problems`);
  const report = `${out.join('\n')}\n`;
  if (opts.json) {
    process.stderr.write(report);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(report);
  }
  process.exitCode = summary.ok ? 0 : 1;
}

main().catch(e => {
  process.stderr.write(`verify.mjs: internal error: ${e.stack || e}\n`);
  process.exit(1);
});
