#!/usr/bin/env node
// HTML quality gates for a built rosette site: every page must pass the Nu HTML Checker
// (vnu.jar, npm `vnu-jar`) with zero errors and axe-core (npm `axe-core`) in headless
// Chromium with zero violations, in the light and in the dark colour scheme.
//
//   node check.mjs --site <public dir> [--shots <dir>] [--json] [--base-url <B>]
//                  [--now <RFC3339>] [--node-modules <dir>] [--chromium <path>]
//                  [--java <path>] [--jobs <n>]
//
// The tools come from ${ROSETTE_INTEROP_DIR:-<repo>/target/interop}/html/node_modules
// (bash tests/interop/html/setup.sh installs them), or from --node-modules. Chromium is the
// system one (--chromium, $ROSETTE_CHROMIUM, else /usr/bin/chromium or `chromium` on PATH),
// driven by playwright-core, which downloads no browser; vnu.jar runs on `java` (>= 11).
//
// What it does:
//  * lists every *.html file under --site (404.html included), sorted;
//  * serves the folder on 127.0.0.1 (an ephemeral port) with a tiny static server: correct
//    content types, `dir/` -> `dir/index.html`, a missing file -> 404.html with status 404;
//  * vnu: ONE run of `java -jar vnu.jar --format json --exit-zero-always <all pages>`, in
//    parallel with the browser; messages of type "error" and "non-document-error" are
//    errors, "info" (including subType "warning") are printed, never failures. No vnu
//    message is filtered out;
//  * axe: each page is opened in headless Chromium (a fresh temporary user-data-dir, which
//    playwright's launch() creates and deletes; --headless --no-sandbox
//    --disable-gpu --disable-quic --no-first-run --disable-background-networking
//    --disable-component-update --disable-sync) at 1280x800, once with prefers-color-scheme
//    light and once dark; axe.min.js is injected and axe.run() runs the default rules plus
//    every rule tagged wcag2a, wcag2aa or wcag21aa (enabled explicitly); every violation
//    fails, except those of the few rules axe tags `experimental` (off by default in axe
//    because of false positives; today p-as-heading, table-fake-caption, td-has-header,
//    css-orientation-lock), which are reported as advisories (`axe_advisories`). Pages are
//    opened at their public address: rosette writes absolute URLs, so every request under
//    the base URL (--base-url, else the canonical link of index.html) is answered by the
//    local server, and every other request (other hosts) is blocked and listed as a
//    warning. A page resource under the base URL that fails (404, ...) or an
//    uncaught script error is a problem too: it would make the page look broken;
//  * with --shots DIR: full-page PNG screenshots of the home page, the first issuer, the
//    first badge, and the first valid, expired and revoked award pages, at 375 px (mobile
//    emulation) and 1280 px, light and dark: DIR/<what>-<width>[-dark].png. An award's
//    state comes from the page (class status-valid|expired|revoked), else from ob2.json
//    (`revoked`, `expires` against --now, default the current time). At 375 px it also
//    looks for content wider than the viewport (sideways scrolling: WCAG 1.4.10 Reflow),
//    reported as a warning (`overflow`), not a failure.
//
// Output: a readable report on stderr; with --json a summary on stdout:
//   {ok, pages, vnu_errors, vnu_warnings, axe_violations, axe_nodes, axe_advisories,
//    shots: [...], overflow: [...], problems: [...], base_url, versions, elapsed_ms, timing,
//    results: [per page]}
// `axe_violations` counts (page, scheme, rule) triples; `axe_nodes` the elements involved.
// Exit codes: 0 when >= 1 page was checked and there are no vnu errors, no axe violations
// and no other problems; 1 otherwise; 2 usage (or a tool is missing).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {spawn, spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const USAGE =
  'usage: node check.mjs --site <public dir> [--shots <dir>] [--json] [--base-url <B>] ' +
  '[--now <RFC3339>] [--node-modules <dir>] [--chromium <path>] [--java <path>] [--jobs <n>]';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];
const SCHEMES = ['light', 'dark'];
const SHOT_WIDTHS = [375, 1280];
const PAGE_TIMEOUT_MS = 60000;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

function usage(msg, code = 2) {
  process.stderr.write(`check.mjs: ${msg}\n${USAGE}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {json: false, jobs: 2};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') opts.site = value();
    else if (a === '--shots') opts.shots = value();
    else if (a === '--json') opts.json = true;
    else if (a === '--base-url') opts.baseUrl = value();
    else if (a === '--now') opts.now = value();
    else if (a === '--node-modules') opts.nodeModules = value();
    else if (a === '--chromium') opts.chromium = value();
    else if (a === '--java') opts.java = value();
    else if (a === '--jobs') opts.jobs = Number(value());
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else usage(`unknown argument ${a}`);
  }
  if (!opts.site) usage('--site is required');
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) {
    usage(`--site ${opts.site} is not a directory`);
  }
  opts.site = path.resolve(opts.site);
  if (opts.baseUrl !== undefined) {
    try {
      const u = new URL(opts.baseUrl);
      if (!/^https?:$/.test(u.protocol)) throw new Error();
    } catch {
      usage(`--base-url ${opts.baseUrl} is not an absolute http(s) URL`);
    }
    if (!opts.baseUrl.endsWith('/')) opts.baseUrl += '/';
  }
  if (opts.now !== undefined && Number.isNaN(Date.parse(opts.now))) usage(`--now ${opts.now} is not a date`);
  if (!Number.isInteger(opts.jobs) || opts.jobs < 1 || opts.jobs > 16) usage('--jobs must be 1..16');
  return opts;
}

const log = (s = '') => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------------------
// The site

function listPages(root) {
  const pages = [];
  const walk = dir => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) pages.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  // awards/tools.html is no page but the award pages' interactive parts (<template>s that
  // rosette.js puts into them): axe checks them there, in each award page's live document.
  return pages.filter(p => p !== 'awards/tools.html').sort();
}

/// The path of a page as served: `a/index.html` -> `a/`, `index.html` -> ``.
function servedPath(page) {
  if (page === 'index.html') return '';
  if (page.endsWith('/index.html')) return page.slice(0, -'index.html'.length);
  return page;
}

function baseFromCanonical(root) {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) return null;
  const html = fs.readFileSync(index, 'utf8');
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel\s*=\s*["']?canonical\b/i.test(tag)) continue;
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = href && (href[1] ?? href[2] ?? href[3]);
    try {
      const u = new URL(value);
      if (/^https?:$/.test(u.protocol)) return new URL('./', u).href;
    } catch {
      // not an absolute URL: pages are served at the local address
    }
  }
  return null;
}

function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x/').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const send = (status, file) => {
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      const body = fs.readFileSync(file);
      res.writeHead(status, {'content-type': type, 'content-length': body.length, 'cache-control': 'no-store'});
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      const page = path.join(root, '404.html');
      if (fs.existsSync(page)) send(404, page);
      else res.writeHead(404, {'content-type': 'text/plain; charset=utf-8'}).end('not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!rel.endsWith('/')) {
        res.writeHead(301, {location: `${rel}/`}).end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return notFound();
    send(200, file);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------------------
// Tools

function findChromium(opts) {
  const candidates = [opts.chromium, process.env.ROSETTE_CHROMIUM, '/usr/bin/chromium'].filter(Boolean);
  for (const c of candidates) if (fs.existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {encoding: 'utf8'});
  const found = which.stdout.trim().split('\n')[0];
  if (found) return found;
  usage('chromium not found (apt-get install chromium, or --chromium <path>)');
}

function loadTools(opts) {
  const nodeModules = path.resolve(
    opts.nodeModules ?? path.join(process.env.ROSETTE_INTEROP_DIR ?? path.join(repo, 'target/interop'), 'html/node_modules'),
  );
  if (!fs.existsSync(nodeModules)) usage(`${nodeModules} does not exist: run bash tests/interop/html/setup.sh`);
  const require = createRequire(path.join(nodeModules, '..', 'noop.js'));
  let tools;
  try {
    tools = {
      playwright: require('playwright-core'),
      axePath: require.resolve('axe-core/axe.min.js'),
      vnuJar: require.resolve('vnu-jar/build/dist/vnu.jar'),
      versions: {
        'axe-core': require('axe-core/package.json').version,
        'playwright-core': require('playwright-core/package.json').version,
        'vnu-jar': require('vnu-jar/package.json').version,
      },
    };
  } catch (e) {
    usage(`the tools in ${nodeModules} do not load (${e.message}): run bash tests/interop/html/setup.sh`);
  }
  tools.java = opts.java ?? 'java';
  const java = spawnSync(tools.java, ['-version'], {encoding: 'utf8'});
  if (java.error || java.status !== 0) usage(`${tools.java} does not run: vnu.jar needs Java >= 11 (--java <path>)`);
  tools.versions.java = (/version "([^"]+)"/.exec(java.stderr) ?? [])[1] ?? java.stderr.split('\n')[0];
  tools.chromium = findChromium(opts);
  return tools;
}

// ---------------------------------------------------------------------------------------
// vnu

function runVnu(tools, root, pages) {
  return new Promise(resolve => {
    const files = pages.map(p => path.join(root, p));
    const child = spawn(tools.java, ['-Xss1024k', '-jar', tools.vnuJar, '--format', 'json', '--exit-zero-always', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', e => resolve({fatal: `could not run vnu: ${e.message}`, messages: []}));
    child.on('close', code => {
      // The JSON report is written to stderr; be tolerant of it being on stdout.
      const text = err.trim().startsWith('{') ? err : out.trim().startsWith('{') ? out : null;
      if (code !== 0 || text === null) {
        resolve({fatal: `vnu exited with ${code}: ${(err || out).trim().slice(0, 2000)}`, messages: []});
        return;
      }
      let report;
      try {
        report = JSON.parse(text);
      } catch (e) {
        resolve({fatal: `vnu printed no JSON (${e.message}): ${text.slice(0, 2000)}`, messages: []});
        return;
      }
      const messages = (report.messages ?? []).map(m => {
        let page = null;
        if (m.url) {
          try {
            page = path.relative(root, fileURLToPath(m.url)).split(path.sep).join('/');
          } catch {
            page = m.url;
          }
        }
        const isError = m.type === 'error' || m.type === 'non-document-error';
        return {
          page,
          severity: isError ? 'error' : m.subType === 'warning' ? 'warning' : 'info',
          type: m.type,
          subType: m.subType ?? null,
          line: m.lastLine ?? m.firstLine ?? null,
          column: m.firstColumn ?? m.lastColumn ?? null,
          message: m.message,
          extract: m.extract ?? null,
        };
      });
      resolve({fatal: null, messages});
    });
  });
}

function vnuVersion(tools) {
  const r = spawnSync(tools.java, ['-jar', tools.vnuJar, '--version'], {encoding: 'utf8'});
  return (r.stdout || r.stderr || '').trim();
}

// ---------------------------------------------------------------------------------------
// Chromium + axe

/// A browser context whose requests under `base` are answered by the local server and whose
/// other requests are blocked; records failures and blocked requests per page.
async function newContext(browser, server, base, options) {
  const context = await browser.newContext({...options, serviceWorkers: 'block'});
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await context.route('**/*', async route => {
    const url = route.request().url();
    if (url.startsWith(server)) return route.continue();
    if (base && url.startsWith(base)) {
      const local = server + url.slice(base.length);
      try {
        const response = await route.fetch({url: local, maxRedirects: 0});
        return route.fulfill({response});
      } catch (e) {
        return route.abort('failed');
      }
    }
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return route.continue();
    const page = route.request().frame()?.page();
    page?.rosette?.external.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

async function openPage(context, url) {
  const page = await context.newPage();
  page.rosette = {external: [], broken: [], errors: []};
  const mainUrl = url;
  page.on('response', r => {
    const u = r.url();
    if (u === mainUrl || u.endsWith('/favicon.ico')) return;
    if (r.status() >= 400 && !page.rosette.external.includes(u)) page.rosette.broken.push(`${u} -> HTTP ${r.status()}`);
  });
  page.on('requestfailed', r => {
    const u = r.url();
    if (page.rosette.external.includes(u) || u.endsWith('/favicon.ico')) return;
    page.rosette.broken.push(`${u} -> ${r.failure()?.errorText ?? 'failed'}`);
  });
  page.on('pageerror', e => page.rosette.errors.push(String(e.message ?? e)));
  const response = await page.goto(url, {waitUntil: 'load'});
  await page.evaluate(() => document.fonts.ready.then(() => true));
  // An award page verifies its credential when it opens (static/verify.js): axe and the
  // screenshots see the verdict shown, not the page before it. A page without the section,
  // or a verdict that never comes (reported by the page's own errors), waits at most 20 s.
  await page.waitForFunction(() => {
    // First the interactive parts from awards/tools.html, which bring the live section.
    if (document.querySelector('i[data-tool]')) return false;
    const section = document.querySelector('section[data-verify]');
    const box = section && section.querySelector('[data-verify-result]');
    return !section || (box && !box.hidden && !['working', null].includes(box.getAttribute('data-tone')));
  }, null, {timeout: 20000}).catch(() => page.rosette.errors.push('the live verification gave no verdict in 20 s'));
  return {page, status: response?.status() ?? null};
}

async function runAxe(page, axePath) {
  await page.addScriptTag({path: axePath});
  return page.evaluate(async tags => {
    /* global axe */
    const rules = {};
    for (const r of axe.getRules(tags)) rules[r.ruleId] = {enabled: true};
    const result = await axe.run(document, {rules, resultTypes: ['violations']});
    const slim = list =>
      list.map(v => ({
        experimental: v.tags.includes('experimental'),
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags,
        nodes: v.nodes.map(n => ({
          target: n.target.map(t => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
          html: n.html,
          failureSummary: n.failureSummary,
        })),
      }));
    return {
      violations: slim(result.violations),
      incomplete: result.incomplete.map(v => v.id),
      rules: Object.keys(rules).length,
    };
  }, AXE_TAGS);
}

async function pool(items, jobs, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({length: Math.min(jobs, items.length)}, worker));
}

// ---------------------------------------------------------------------------------------
// Screenshots

/// Runs in the page: null when nothing sticks out of the viewport sideways; else the page's
/// scroll width and the innermost elements whose right edge is past the viewport.
function findOverflow() {
  const root = document.documentElement;
  const vw = root.clientWidth;
  if (root.scrollWidth <= vw) return null;
  const past = el => el.getBoundingClientRect().right > vw + 0.5;
  const name = el => {
    const cls = [...el.classList].slice(0, 2).map(c => `.${c}`).join('');
    return `${el.localName}${el.id ? `#${el.id}` : ''}${cls}`;
  };
  const selector = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  // Clipped by an ancestor that itself fits (overflow hidden/auto/...): not the culprit.
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && !past(a)) return true;
    }
    return false;
  };
  const elements = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!past(el) || [...el.children].some(past)) continue;
    const style = getComputedStyle(el);
    if (style.position === 'fixed' || style.visibility === 'hidden' || clipped(el)) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    elements.push({selector: selector(el), right: Math.round(el.getBoundingClientRect().right), text});
  }
  elements.sort((a, b) => b.right - a.right);
  return {viewport: vw, scroll_width: root.scrollWidth, elements: elements.slice(0, 6)};
}

function awardState(root, page, now) {
  const html = fs.readFileSync(path.join(root, page), 'utf8');
  const m = /class="[^"]*\b(?:status|award)-(valid|expired|revoked)\b/.exec(html);
  if (m) return m[1];
  const ob2 = path.join(root, path.dirname(page), 'ob2.json');
  if (!fs.existsSync(ob2)) return null;
  try {
    const doc = JSON.parse(fs.readFileSync(ob2, 'utf8'));
    if (doc.revoked === true) return 'revoked';
    if (doc.expires && Date.parse(doc.expires) <= now) return 'expired';
    return 'valid';
  } catch {
    return null;
  }
}

function shotTargets(root, pages, now) {
  const targets = [];
  const first = re => pages.find(p => re.test(p));
  const add = (name, page) => page && targets.push({name, page});
  add('home', pages.includes('index.html') ? 'index.html' : null);
  add('issuer', first(/^issuers\/[^/]+\/index\.html$/));
  add('badge', first(/^badges\/[^/]+\/index\.html$/));
  const awards = pages.filter(p => /^awards\/[^/]+\/index\.html$/.test(p));
  for (const state of ['valid', 'expired', 'revoked']) {
    add(`award-${state}`, awards.find(p => awardState(root, p, now) === state));
  }
  return targets;
}

// ---------------------------------------------------------------------------------------

function oneLine(s, max = 240) {
  const t = String(s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const tools = loadTools(opts);
  const now = opts.now ? Date.parse(opts.now) : Date.now();
  const pages = listPages(opts.site);
  const base = opts.baseUrl ?? baseFromCanonical(opts.site);
  const problems = [];
  const results = new Map(pages.map(p => [p, {page: p, url: null, vnu: [], axe: {}, broken: [], external: [], script_errors: []}]));

  const server = await serve(opts.site);
  const local = `http://127.0.0.1:${server.address().port}/`;
  const root = base ?? local;
  log(`html-check: ${pages.length} page(s) in ${opts.site}`);
  log(`html-check: served at ${local}${base ? `, opened as ${base}` : ''}`);

  const timing = {};
  const since = t0 => Math.round((Date.now() - t0) / 100) / 10;
  const tVnu = Date.now();
  const vnuRun = (pages.length ? runVnu(tools, opts.site, pages) : Promise.resolve({fatal: null, messages: []})).then(r => {
    timing.vnu_s = since(tVnu);
    return r;
  });

  let browser;
  const shots = [];
  const overflow = [];
  let axeRules = 0;
  const incomplete = new Map();
  try {
    browser = await tools.playwright.chromium.launch({
      executablePath: tools.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    tools.versions.chromium = browser.version();
    const tAxe = Date.now();

    // axe, light and dark.
    for (const scheme of SCHEMES) {
      const context = await newContext(browser, local, base, {viewport: {width: 1280, height: 800}, colorScheme: scheme});
      await pool(pages, opts.jobs, async page => {
        const r = results.get(page);
        r.url = root + servedPath(page);
        let opened;
        try {
          opened = await openPage(context, r.url);
          const expected = page === '404.html' ? [200, 404] : [200];
          if (!expected.includes(opened.status)) r.broken.push(`${r.url} -> HTTP ${opened.status}`);
          const axeResult = await runAxe(opened.page, tools.axePath);
          axeRules = axeResult.rules;
          r.axe[scheme] = axeResult.violations;
          for (const id of axeResult.incomplete) incomplete.set(id, (incomplete.get(id) ?? 0) + 1);
          for (const u of opened.page.rosette.broken) if (!r.broken.includes(u)) r.broken.push(u);
          for (const u of opened.page.rosette.external) if (!r.external.includes(u)) r.external.push(u);
          for (const e of opened.page.rosette.errors) if (!r.script_errors.includes(e)) r.script_errors.push(e);
        } catch (e) {
          r.axe[scheme] = [];
          problems.push(`chromium: ${page} [${scheme}]: ${oneLine(e.message, 400)}`);
        } finally {
          await opened?.page.close();
        }
      });
      await context.close();
    }

    timing.axe_s = since(tAxe);

    // Screenshots.
    const tShots = Date.now();
    if (opts.shots) {
      fs.mkdirSync(opts.shots, {recursive: true});
      const targets = shotTargets(opts.site, pages, now);
      for (const want of ['home', 'issuer', 'badge', 'award-valid', 'award-expired', 'award-revoked']) {
        if (!targets.some(t => t.name === want)) log(`html-check: warning: no ${want} page to photograph`);
      }
      for (const width of SHOT_WIDTHS) {
        const mobile = width < 600;
        for (const scheme of SCHEMES) {
          const context = await newContext(browser, local, base, {
            viewport: {width, height: mobile ? 812 : 800},
            deviceScaleFactor: 1,
            isMobile: mobile,
            hasTouch: mobile,
            colorScheme: scheme,
          });
          for (const t of targets) {
            let opened;
            try {
              opened = await openPage(context, root + servedPath(t.page));
              if (mobile && scheme === 'light') {
                const wide = await opened.page.evaluate(findOverflow);
                if (wide) overflow.push({page: t.page, width, ...wide});
              }
              const file = path.join(opts.shots, `${t.name}-${width}${scheme === 'dark' ? '-dark' : ''}.png`);
              await opened.page.screenshot({path: file, fullPage: true, animations: 'disabled'});
              shots.push(path.resolve(file));
            } catch (e) {
              problems.push(`screenshot: ${t.page} at ${width} px [${scheme}]: ${oneLine(e.message, 400)}`);
            } finally {
              await opened?.page.close();
            }
          }
          await context.close();
        }
      }
      timing.shots_s = since(tShots);
    }
  } catch (e) {
    problems.push(`chromium: ${oneLine(e.message, 600)}`);
  } finally {
    await browser?.close().catch(() => {});
    server.close();
  }

  const vnu = await vnuRun;
  tools.versions.vnu = vnuVersion(tools);
  if (vnu.fatal) problems.push(`vnu: ${vnu.fatal}`);
  for (const m of vnu.messages) {
    const r = results.get(m.page);
    if (r) r.vnu.push(m);
    else if (m.severity === 'error') problems.push(`vnu: ${m.page ?? '?'}: ${m.message}`);
  }

  // Tally, and the readable report.
  let vnuErrors = 0;
  let vnuWarnings = 0;
  let axeViolations = 0;
  let axeNodes = 0;
  let axeAdvisories = 0;
  const byRule = new Map();
  const advisoryByRule = new Map();
  log('');
  for (const r of results.values()) {
    const lines = [];
    for (const m of r.vnu) {
      if (m.severity === 'error') vnuErrors++;
      else vnuWarnings++;
      const at = m.line ? `:${m.line}:${m.column ?? 0}` : '';
      lines.push(`  vnu ${m.severity}${at}: ${oneLine(m.message)}${m.extract ? `\n      ${oneLine(m.extract, 160)}` : ''}`);
      if (m.severity === 'error') problems.push(`vnu: ${r.page}${at}: ${oneLine(m.message)}`);
    }
    for (const scheme of SCHEMES) {
      for (const v of r.axe[scheme] ?? []) {
        if (v.experimental) {
          // Rules axe itself marks experimental (off by default: known false positives) are
          // run because they carry a WCAG tag, but only reported.
          axeAdvisories++;
          const key = `${v.id} [${scheme}]`;
          advisoryByRule.set(key, (advisoryByRule.get(key) ?? 0) + 1);
          lines.push(`  axe advisory [${scheme}] ${v.id} (experimental rule, not a failure): ${v.help}`);
          for (const n of v.nodes) lines.push(`      ${n.target}\n        ${oneLine(n.html, 160)}`);
          continue;
        }
        axeViolations++;
        axeNodes += v.nodes.length;
        const key = `${v.id} [${scheme}]`;
        byRule.set(key, (byRule.get(key) ?? 0) + 1);
        lines.push(`  axe [${scheme}] ${v.id} (${v.impact}): ${v.help}\n      ${v.helpUrl}`);
        for (const n of v.nodes) {
          lines.push(`      ${n.target}\n        ${oneLine(n.html, 160)}\n        ${oneLine(n.failureSummary, 400)}`);
        }
        problems.push(`axe [${scheme}] ${r.page}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map(n => n.target).join(', ')}`);
      }
    }
    for (const b of r.broken) {
      lines.push(`  broken resource: ${b}`);
      problems.push(`resource: ${r.page}: ${b}`);
    }
    for (const e of r.script_errors) {
      lines.push(`  script error: ${oneLine(e)}`);
      problems.push(`script: ${r.page}: ${oneLine(e)}`);
    }
    for (const u of r.external) lines.push(`  warning: blocked request to another host: ${u}`);
    if (lines.length) log(`${r.page}\n${lines.join('\n')}`);
  }
  if (pages.length === 0) problems.push(`no .html page under ${opts.site}`);

  log('');
  log(`versions: ${Object.entries(tools.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  log(`vnu: ${vnuErrors} error(s), ${vnuWarnings} warning/info message(s) on ${pages.length} page(s)`);
  log(
    `axe: ${axeViolations} violation(s) (${axeNodes} element(s)) on ${pages.length} page(s) x ${SCHEMES.join('+')}, ` +
      `${axeRules} rules (default + ${AXE_TAGS.join(', ')})`,
  );
  for (const [k, n] of [...byRule].sort()) log(`  ${k}: ${n} page(s)`);
  if (axeAdvisories) {
    log(`axe advisories (experimental rules, not failures): ${axeAdvisories}`);
    for (const [k, n] of [...advisoryByRule].sort()) log(`  ${k}: ${n} page(s)`);
  }
  if (incomplete.size) {
    log(`axe needs review (not failures): ${[...incomplete].sort().map(([k, n]) => `${k} x${n}`).join(', ')}`);
  }
  if (shots.length) log(`screenshots: ${shots.length} in ${path.resolve(opts.shots)}`);
  for (const o of overflow) {
    log(`warning: ${o.page} scrolls sideways at ${o.width} px (content ${o.scroll_width} px wide); sticking out:`);
    for (const e of o.elements) log(`    ${e.selector} (right edge ${e.right} px) "${e.text}"`);
  }
  const ok = pages.length > 0 && problems.length === 0;
  const elapsed = Date.now() - started;
  log(`timing: ${Object.entries(timing).map(([k, v]) => `${k.replace(/_s$/, '')} ${v} s`).join(', ')} (vnu runs beside axe)`);
  log(`html-check: ${ok ? 'OK' : `FAILED (${problems.length} problem(s))`} in ${(elapsed / 1000).toFixed(1)} s`);

  if (opts.json) {
    const summary = {
      ok,
      pages: pages.length,
      vnu_errors: vnuErrors,
      vnu_warnings: vnuWarnings,
      axe_violations: axeViolations,
      axe_nodes: axeNodes,
      axe_advisories: axeAdvisories,
      shots,
      overflow,
      problems,
      base_url: base,
      versions: tools.versions,
      elapsed_ms: elapsed,
      timing,
      results: [...results.values()],
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch(e => {
  process.stderr.write(`check.mjs: ${e.stack ?? e}\n`);
  process.exit(1);
});
