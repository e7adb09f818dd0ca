#!/usr/bin/env node
// What the browser verifier says, in headless Chromium: the verdict an award page shows when
// it opens, or the one the /verify/ page shows for a file.
//
//   node live.mjs --site <public dir> --base-url <B> [--map <URL>=<dir>]... [--foreign <dir>] [--now <ISO time>]
//                 [--dark] [--axe] [--shots <dir>] <target>...
//
// A target is `award:<id>` (the award page verifies its own credential when it opens),
// `file:<path>` (the file is chosen in the /verify/ page's file field), `url:<address>` (typed
// into the /verify/ page's address field, then its button pressed) or `page:<path>` (the
// page at <base URL><path>, e.g. `verify/?url=…`, which verifies on its own). Serves the folder on
// 127.0.0.1 and opens every page at its public address (requests under --base-url are
// answered from the folder, requests under a --map URL from its folder, as `rosette verify
// --map` reads them; any other is blocked). --now sets the browser's clock (the
// visitor's clock decides expiry). --foreign serves a folder from two more servers on other
// ports, so other origins, as another issuer's host would: `{foreign}` in a target stands for
// the one that sends no Access-Control-Allow-Origin (the browser must refuse the page its
// documents), `{foreign-cors}` for the one that allows any origin, `{closed}` for a port where
// nothing answers (a host that is offline); their requests reach them unchanged. --dark
// emulates `prefers-color-scheme: dark`. --axe runs axe-core (the rules check.mjs runs) on
// each page once its verdict shows, and adds the ids of its violations as "axe". A target `look:<path>` opens a page that verifies
// nothing by itself (the /verify/ page with nothing chosen) for its screenshot: no verdict.
// Waits for the verdict and prints one JSON object:
// {"<target>": {"tone", "headline", "lines": ["<status> <text>"], "detail": [...], "unavailable" (the
// text of a shown [data-verify-unavailable] note, or null), "live_shown" (an award page's live box
// is visible), "ms", "errors"}}.
// --shots saves a screenshot of each page as <dir>/<n>.png. Exit 0 when every page ran
// without a script error, 1 otherwise, 2 on usage. Tools as in check.mjs.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const TYPES = {'.html': 'text/html; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm'};

function usage(message) {
  process.stderr.write(`live.mjs: ${message}\nusage: node live.mjs --site <dir> --base-url <B> [--map <URL>=<dir>]... [--foreign <dir>] [--now <T>] [--dark] [--axe] [--shots <dir>] <target>...\n`);
  process.exit(2);
}

const opts = {targets: [], maps: []};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--map') {
    const [prefix, dir] = process.argv[++i].split(/=(.*)/s);
    opts.maps.push({prefix, root: path.resolve(dir)});
  } else if (a === '--dark' || a === '--axe') opts[a.slice(2)] = true;
  else if (['--site', '--base-url', '--now', '--shots', '--foreign'].includes(a)) opts[a.slice(2)] = process.argv[++i];
  else if (a.startsWith('--')) usage(`unknown argument ${a}`);
  else opts.targets.push(a);
}
if (!opts.site || !opts['base-url'] || !opts.targets.length) usage('missing arguments');
const root = path.resolve(opts.site);
const base = opts['base-url'];

// `/__map/<n>/…` is the folder of the n-th --map; anything else the site's.
// A server of `site`'s files (with `headers` on every answer) on a free port: its origin.
async function serve(site, headers = {}) {
  const server = http.createServer((req, res) => {
    let pathname = decodeURIComponent(new URL(req.url, 'http://x/').pathname);
    let folder = site;
    const mapped = pathname.match(/^\/__map\/(\d+)(\/.*)$/s);
    if (mapped) [folder, pathname] = [opts.maps[Number(mapped[1])].root, mapped[2]];
    let file = path.join(folder, pathname);
    if (!file.startsWith(folder)) return res.writeHead(404, headers).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return res.writeHead(404, headers).end();
    res.writeHead(200, {...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream'});
    res.end(fs.readFileSync(file));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}/`;
}
const servers = [];
const local = await serve(root);
const origins = {};
if (opts.foreign) {
  const folder = path.resolve(opts.foreign);
  origins['{foreign}'] = await serve(folder);
  origins['{foreign-cors}'] = await serve(folder, {'access-control-allow-origin': '*'});
  // A port that was free a moment ago and is closed now: nothing answers there.
  const closed = await serve(folder);
  await new Promise(resolve => servers.pop().close(resolve));
  origins['{closed}'] = closed;
}
const expand = target => target.replace(/\{(foreign|foreign-cors|closed)\}/g, name => origins[name] ?? name);

const modules = path.resolve(process.env.ROSETTE_INTEROP_DIR ?? path.join(repo, 'target/interop'), 'html/node_modules');
const {chromium} = createRequire(path.join(modules, '..', 'noop.js'))('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.ROSETTE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
// The other origins are on this machine's loopback: a real issuer's host is not, so the
// browser's local-network permission (which a visitor would be asked for) is granted, and
// what decides is CORS alone.
const context = await browser.newContext({viewport: {width: 1280, height: 900}, colorScheme: opts.dark ? 'dark' : 'light',
  permissions: opts.foreign ? ['local-network-access'] : []});
await context.route('**/*', async route => {
  const url = route.request().url();
  if (url.startsWith(base)) {
    const response = await route.fetch({url: local + url.slice(base.length)});
    return route.fulfill({response});
  }
  const map = opts.maps.findIndex(m => url.startsWith(m.prefix));
  if (map >= 0) {
    const response = await route.fetch({url: `${local}__map/${map}/${url.slice(opts.maps[map].prefix.length)}`});
    return route.fulfill({response, headers: {...response.headers(), 'access-control-allow-origin': '*'}});
  }
  // The other origins get the request as the browser sent it, and the browser reads their
  // answers under its own CORS rules: nothing is added here.
  if (Object.values(origins).some(origin => url.startsWith(origin))) return route.continue();
  if (url.startsWith(local) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
  return route.abort('blockedbyclient');
});

const result = {};
let ok = true;
let shot = 0;
for (const target of opts.targets) {
  const page = await context.newPage();
  if (opts.now) await page.clock.setFixedTime(new Date(opts.now));
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  // The browser logs the refusals a target on another origin exists to provoke: not errors.
  const provoked = /\{(foreign|closed)\}/.test(target) ? /^(Access to fetch at .* blocked by CORS policy|Failed to load resource)/ : null;
  page.on('console', m => m.type() === 'error' && !provoked?.test(m.text()) && errors.push(m.text()));
  const [kind, value] = [target.slice(0, target.indexOf(':')), expand(target.slice(target.indexOf(':') + 1))];
  if (kind === 'award') {
    await page.goto(`${base}awards/${value}/`, {waitUntil: 'load'});
  } else if (kind === 'page' || kind === 'look') {
    await page.goto(`${base}${value}`, {waitUntil: 'load'});
  } else if (kind === 'file') {
    await page.goto(`${base}verify/`, {waitUntil: 'load'});
    await page.locator('#verify-file').setInputFiles(path.resolve(value));
  } else if (kind === 'url') {
    await page.goto(`${base}verify/`, {waitUntil: 'load'});
    await page.locator('#verify-url').fill(value);
    await page.locator('form[data-verify-form] button[type=submit]').click();
  } else usage(`unknown target ${target}`);
  const started = Date.now();
  if (kind === 'look') await page.waitForLoadState('networkidle');
  else await page.waitForFunction(() => {
    const box = document.querySelector('[data-verify-result]');
    return box && !box.hidden && !['working', null].includes(box.getAttribute('data-tone'));
  }, null, {timeout: 60000}).catch(e => errors.push(`no verdict: ${e.message.split('\n')[0]}`));
  const entry = await page.evaluate(() => {
    const box = document.querySelector('[data-verify-result]');
    if (box.hidden) return {tone: null, headline: '', lines: [], detail: []};
    const texts = sel => Array.from(box.querySelectorAll(sel), li => li.textContent);
    return {
      tone: box.getAttribute('data-tone'),
      headline: box.querySelector('[data-verify-headline]').textContent,
      lines: Array.from(box.querySelectorAll('[data-verify-lines] li'), li => `${li.dataset.status} ${li.textContent}`),
      detail: texts('[data-verify-detail] li'),
    };
  });
  // What a page says when its verifier cannot start, and whether an award page shows its live box.
  Object.assign(entry, await page.evaluate(() => ({
    unavailable: Array.from(document.querySelectorAll('[data-verify-unavailable]:not([hidden])'), p => p.textContent).join(' ') || null,
    live_shown: Array.from(document.querySelectorAll('section[data-verify]')).some(section => !section.hidden),
  })));
  entry.ms = Date.now() - started;
  if (opts.axe) {
    await page.addScriptTag({path: path.join(modules, 'axe-core/axe.min.js')});
    entry.axe = await page.evaluate(async () => {
      /* global axe */
      const rules = {};
      for (const rule of axe.getRules(['wcag2a', 'wcag2aa', 'wcag21aa'])) rules[rule.ruleId] = {enabled: true};
      const found = await axe.run(document, {rules, resultTypes: ['violations']});
      return found.violations.filter(v => !v.tags.includes('experimental')).map(v => `${v.id}: ${v.nodes[0]?.html}`);
    });
  }
  entry.errors = errors;
  if (opts.shots) {
    fs.mkdirSync(opts.shots, {recursive: true});
    if (kind !== 'look') await page.locator('[data-verify-result]').scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({path: path.join(opts.shots, `${shot++}.png`), fullPage: false});
  }
  ok &&= errors.length === 0;
  result[target] = entry;
  await page.close();
}
await browser.close();
servers.forEach(server => server.close());
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(ok ? 0 : 1);
