#!/usr/bin/env node
// What the browser verifier says, in headless Chromium: the verdict an award page shows when
// it opens, or the one the /verify/ page shows for a file.
//
//   node live.mjs --site <public dir> --base-url <B> [--map <URL>=<dir>]... [--now <ISO time>] [--shots <dir>] <target>...
//
// A target is `award:<id>` (the award page verifies its own credential when it opens),
// `file:<path>` (the file is chosen in the /verify/ page's file field) or `page:<path>` (the
// page at <base URL><path>, e.g. `verify/?url=…`, which verifies on its own). Serves the folder on
// 127.0.0.1 and opens every page at its public address (requests under --base-url are
// answered from the folder, requests under a --map URL from its folder, as `rosette verify
// --map` reads them; any other is blocked). --now sets the browser's clock (the
// visitor's clock decides expiry). Waits for the verdict and prints one JSON object:
// {"<target>": {"tone", "headline", "lines": ["<status> <text>"], "detail": [...], "errors"}}.
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
  process.stderr.write(`live.mjs: ${message}\nusage: node live.mjs --site <dir> --base-url <B> [--now <T>] [--shots <dir>] <target>...\n`);
  process.exit(2);
}

const opts = {targets: [], maps: []};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--map') {
    const [prefix, dir] = process.argv[++i].split(/=(.*)/s);
    opts.maps.push({prefix, root: path.resolve(dir)});
  } else if (['--site', '--base-url', '--now', '--shots'].includes(a)) opts[a.slice(2)] = process.argv[++i];
  else if (a.startsWith('--')) usage(`unknown argument ${a}`);
  else opts.targets.push(a);
}
if (!opts.site || !opts['base-url'] || !opts.targets.length) usage('missing arguments');
const root = path.resolve(opts.site);
const base = opts['base-url'];

// `/__map/<n>/…` is the folder of the n-th --map; anything else the site's.
const server = http.createServer((req, res) => {
  let pathname = decodeURIComponent(new URL(req.url, 'http://x/').pathname);
  let folder = root;
  const mapped = pathname.match(/^\/__map\/(\d+)(\/.*)$/s);
  if (mapped) [folder, pathname] = [opts.maps[Number(mapped[1])].root, mapped[2]];
  let file = path.join(folder, pathname);
  if (!file.startsWith(folder)) return res.writeHead(404).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, {'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream'});
  res.end(fs.readFileSync(file));
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const local = `http://127.0.0.1:${server.address().port}/`;

const modules = path.resolve(process.env.ROSETTE_INTEROP_DIR ?? path.join(repo, 'target/interop'), 'html/node_modules');
const {chromium} = createRequire(path.join(modules, '..', 'noop.js'))('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.ROSETTE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const context = await browser.newContext({viewport: {width: 1280, height: 900}});
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
  page.on('console', m => m.type() === 'error' && errors.push(m.text()));
  const [kind, value] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  if (kind === 'award') {
    await page.goto(`${base}awards/${value}/`, {waitUntil: 'load'});
  } else if (kind === 'page') {
    await page.goto(`${base}${value}`, {waitUntil: 'load'});
  } else if (kind === 'file') {
    await page.goto(`${base}verify/`, {waitUntil: 'load'});
    await page.locator('#verify-file').setInputFiles(path.resolve(value));
  } else usage(`unknown target ${target}`);
  const started = Date.now();
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-verify-result]');
    return box && !box.hidden && !['working', null].includes(box.getAttribute('data-tone'));
  }, null, {timeout: 60000}).catch(e => errors.push(`no verdict: ${e.message.split('\n')[0]}`));
  const entry = await page.evaluate(() => {
    const box = document.querySelector('[data-verify-result]');
    const texts = sel => Array.from(box.querySelectorAll(sel), li => li.textContent);
    return {
      tone: box.getAttribute('data-tone'),
      headline: box.querySelector('[data-verify-headline]').textContent,
      lines: Array.from(box.querySelectorAll('[data-verify-lines] li'), li => `${li.dataset.status} ${li.textContent}`),
      detail: texts('[data-verify-detail] li'),
    };
  });
  entry.ms = Date.now() - started;
  entry.errors = errors;
  if (opts.shots) {
    fs.mkdirSync(opts.shots, {recursive: true});
    await page.locator('[data-verify-result]').scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({path: path.join(opts.shots, `${shot++}.png`), fullPage: false});
  }
  ok &&= errors.length === 0;
  result[target] = entry;
  await page.close();
}
await browser.close();
server.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(ok ? 0 : 1);
