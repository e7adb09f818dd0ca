#!/usr/bin/env node
// What an award page's script makes in headless Chromium: the baked badge image its
// "Download badge" button downloads, and the wallet QR code it draws.
//
//   node bake.mjs --site <public dir> --base-url <B> --out <dir> <award id>...
//
// Serves the folder on 127.0.0.1 and opens each award page at its public address (every
// request under --base-url is answered from the folder, any other is blocked), clicks the
// download button the way a visitor does and saves the download as <out>/<id>.<ext>, then
// reads the drawn QR code back from the page's SVG as rows of 0/1 (one per module, margin
// left out). Prints one JSON object: {"<id>": {"file": "<name>", "qr": ["0101…", …] | null,
// "label": "<aria-label>", "tools": {"copy": <visible copy buttons>, "print": <button shown>,
// "mine": <data-hash of a shown "Is this yours?" form> | null, "live": <document the live check
// reads> | null, "share": {"link", "embed" (the two fields' values), "links": [share link hrefs]}
// | null}, "errors": [...]}}. Exit 0 when every page loaded without a script
// error, 1 otherwise, 2 on usage. Tools as in check.mjs ($ROSETTE_INTEROP_DIR/html).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const TYPES = {'.html': 'text/html; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8'};

function usage(message) {
  process.stderr.write(`bake.mjs: ${message}\nusage: node bake.mjs --site <dir> --base-url <B> --out <dir> <id>...\n`);
  process.exit(2);
}

const opts = {ids: []};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--site' || a === '--base-url' || a === '--out') opts[a.slice(2)] = process.argv[++i];
  else if (a.startsWith('--')) usage(`unknown argument ${a}`);
  else opts.ids.push(a);
}
if (!opts.site || !opts['base-url'] || !opts.out || !opts.ids.length) usage('missing arguments');
const root = path.resolve(opts.site);

const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x/').pathname));
  if (!file.startsWith(root)) return res.writeHead(404).end();
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
const context = await browser.newContext({acceptDownloads: true});
await context.route('**/*', async route => {
  const url = route.request().url();
  if (url.startsWith(opts['base-url'])) {
    const response = await route.fetch({url: local + url.slice(opts['base-url'].length)});
    return route.fulfill({response});
  }
  if (url.startsWith(local) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
  return route.abort('blockedbyclient');
});

const result = {};
let ok = true;
for (const id of opts.ids) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(`${opts['base-url']}awards/${id}/`, {waitUntil: 'load'});
  // The interactive parts come from awards/tools.html once the script has fetched it.
  await page.waitForFunction(() => !document.querySelector('i[data-tool]'), null, {timeout: 15000})
    .catch(() => errors.push('the page kept placeholders <i data-tool> (awards/tools.html not put in)'));
  const entry = {file: null, qr: null, label: null, errors};
  entry.tools = await page.evaluate(() => ({
    copy: [...document.querySelectorAll('button[data-copy]')].filter(b => !b.hidden).length,
    print: Boolean(document.querySelector('button[data-print]:not([hidden])')),
    mine: document.querySelector('[data-mine]:not([hidden]) form[data-hash]')?.getAttribute('data-hash') ?? null,
    live: document.querySelector('section[data-verify]')?.getAttribute('data-verify') ?? null,
    share: document.querySelector('#share-link') && {
      link: document.querySelector('#share-link').value,
      embed: document.querySelector('#embed-code').value,
      links: [...document.querySelectorAll('.share-links a')].map(a => a.getAttribute('href')),
    },
  }));
  const button = page.locator('button[data-bake]');
  if (await button.count()) {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    entry.file = download.suggestedFilename();
    await download.saveAs(path.join(opts.out, `${id}${path.extname(entry.file)}`));
  }
  await page.waitForFunction(() => {
    const svg = document.querySelector('svg[data-qr-text]');
    return !svg || svg.hasAttribute('viewBox');
  }, null, {timeout: 15000}).catch(() => errors.push('the wallet QR code was not drawn'));
  // The QR code as drawn: each `M x y.5hN` / `m dx 0hN` run of the path marks N dark modules.
  Object.assign(entry, await page.evaluate(() => {
    const svg = document.querySelector('svg[data-qr], svg[data-qr-text]');
    if (!svg || svg.closest('[hidden]') || !svg.getAttribute('viewBox')) return {qr: null, label: null};
    const side = Number(svg.getAttribute('viewBox').split(' ')[2]);
    const width = side - 8;
    const rows = Array.from({length: width}, () => Array(width).fill('0'));
    const d = svg.querySelector('path').getAttribute('d');
    let x = 0, y = 0;
    for (const [, op, a, b, n] of d.matchAll(/([Mm])(\d+) (\d+)(?:\.5)?h(\d+)/g)) {
      if (op === 'M') [x, y] = [Number(a), Number(b)];
      else x += Number(a);
      for (let i = 0; i < Number(n); i++) rows[y - 4][x - 4 + i] = '1';
      x += Number(n);
    }
    return {qr: rows.map(r => r.join('')), label: svg.getAttribute('aria-label')};
  }));
  ok &&= errors.length === 0;
  result[id] = entry;
  await page.close();
}
await browser.close();
server.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(ok ? 0 : 1);
