#!/usr/bin/env node
// The award pages' QR encoder (theme/static/qr.js) on many inputs, outside a browser.
//
//   node qr.mjs < inputs.json
//
// Reads {"inputs": ["text", ...], "timed": ["url", ...]} on standard input, loads qr.js in a
// fresh `vm` context whose only global is a fake `window` (as a classic script would see
// it: no DOM, no TextEncoder), and prints one JSON object:
//   {"codes": [null | "<width>:<0/1 per module, row by row>", ...], "msPerUrl": <mean>}
// `codes` is in the order of `inputs`; `msPerUrl` is the mean time of one `rosetteQr` call
// over the `timed` texts (after a warm-up pass, as a page's second and later visits run).
// Exit 0, or 1 when qr.js does not define window.rosetteQr or throws.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = fs.readFileSync(path.resolve(here, '../../../theme/static/qr.js'), 'utf8');
const {inputs, timed} = JSON.parse(fs.readFileSync(0, 'utf8'));

const context = vm.createContext({window: {}});
vm.runInContext(script, context, {filename: 'qr.js'});
const encode = context.window.rosetteQr;
if (typeof encode !== 'function') {
  process.stderr.write('qr.mjs: qr.js did not define window.rosetteQr\n');
  process.exit(1);
}

const codes = inputs.map(text => {
  const code = encode(text);
  if (code === null) return null;
  if (code.dark.length !== code.width * code.width) throw new Error(`${text}: ${code.dark.length} modules`);
  return `${code.width}:${Array.from(code.dark, d => (d === 1 ? '1' : d === 0 ? '0' : '?')).join('')}`;
});

// Warm up, then time enough rounds to measure well above the clock's resolution.
for (const url of timed) encode(url);
const rounds = 20;
const start = performance.now();
for (let r = 0; r < rounds; r++) for (const url of timed) encode(url);
const msPerUrl = (performance.now() - start) / (rounds * timed.length);

process.stdout.write(JSON.stringify({codes, msPerUrl}) + '\n');
