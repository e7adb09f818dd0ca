/*
 * rosette default theme: the wallet QR code of an award page, computed in the browser.
 * -------------------------------------------------------------------
 * `window.rosetteQr(text)` returns `{width, dark}` (`dark`: a Uint8Array of width * width,
 * 1 = dark, row by row from the top left) for `text`'s UTF-8 bytes at error correction
 * level M, or null when they do not fit a QR code. The modules are EXACTLY those of the
 * Rust qrcode crate 0.14 (`QrCode::with_error_correction_level(text, EcLevel::M)`), which
 * the build used before: the same segmentation (its parser and greedy optimiser, kanji mode
 * included: it takes any byte pair in the Shift-JIS ranges for kanji, UTF-8 or not), the
 * same version choice, Reed-Solomon blocks, module placement and mask choice (the first of
 * the lowest penalty). tests/integration/qr.rs holds the two to each other.
 */
(function () {
  "use strict";

  // GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
  var EXP = new Uint8Array(512), LOG = new Uint8Array(256);
  for (var i = 0, v = 1; i < 255; i++, v = (v << 1) ^ (v & 128 ? 0x11d : 0)) { EXP[i] = v; LOG[v] = i; }
  for (i = 255; i < 512; i++) EXP[i] = EXP[i - 255];

  // Level M, by version 1-40: EC codewords per block, and number of blocks.
  var EC = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  var BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
    29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

  function alignments(version) { // centres of alignment patterns (ISO 18004 table E.1)
    if (version === 1) return [];
    var count = Math.floor(version / 7) + 2, last = version * 4 + 10;
    var step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
    var at = [6];
    for (var k = count - 2; k >= 0; k--) at.push(last - k * step);
    return at;
  }
  function codewords(version) { // all codewords of a version
    var bits = (16 * version + 128) * version + 64;
    if (version >= 2) { var a = Math.floor(version / 7) + 2; bits -= (25 * a - 10) * a - 55; }
    if (version >= 7) bits -= 36;
    return bits >> 3;
  }
  function capacity(version) { // data bits at level M (the crate's DATA_LENGTHS)
    return (codewords(version) - EC[version - 1] * BLOCKS[version - 1]) * 8;
  }

  function utf8(text) { // what Rust's as_bytes() gives (a lone surrogate becomes U+FFFD)
    var out = [];
    for (var k = 0; k < text.length; k++) {
      var c = text.charCodeAt(k);
      if (c >= 0xd800 && c < 0xdc00 && k + 1 < text.length && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + text.charCodeAt(++k) - 0xdc00;
      } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | c >> 6, 0x80 | c & 63);
      else if (c < 0x10000) out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63);
      else out.push(0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63);
    }
    return out;
  }

  // Modes, and the crate's Mode::max (byte and kanji do not compare: their max is byte).
  var NUM = 0, ALNUM = 1, BYTE = 2, KANJI = 3;
  function maxMode(a, b) { return a === b ? a : a === KANJI || b === KANJI ? BYTE : Math.max(a, b); }
  function lengthBits(mode, version) {
    var row = version < 10 ? [10, 9, 8, 8] : version < 27 ? [12, 11, 16, 10] : [14, 13, 16, 12];
    return row[mode];
  }
  function segmentBits(mode, begin, end, version) { // optimize.rs Segment::encoded_len
    var n = end - begin;
    var data = mode === NUM ? Math.floor((n * 10 + 2) / 3) : mode === ALNUM ? Math.floor((n * 11 + 1) / 2)
      : mode === BYTE ? n * 8 : Math.floor(n / 2) * 13;
    return 4 + lengthBits(mode, version) + data;
  }

  // optimize.rs's Parser: a state machine over byte classes (End, Symbol, Numeric, Alpha,
  // KanjiHi1, KanjiHi2, KanjiHi3, KanjiLo1, KanjiLo2, Byte). States Init, Numeric, Alpha,
  // Byte, KanjiHi12, KanjiHi3, Kanji; actions Idle, Numeric, Alpha, Byte, Kanji,
  // KanjiAndSingleByte. One row of ten per state.
  var NEXT = "0212445333" + "0212445333" + "0212445333" + "0212445333" + "0216666663" + "0216645633" + "0212445333";
  var ACTION = "0000000000" + "1101111111" + "2020222222" + "3333333000" + "5550000005" + "5550055055" + "4444000444";
  function byteClass(c) {
    if (c === 0x20 || c === 0x24 || c === 0x25 || c === 0x2a || c === 0x2b || c >= 0x2d && c <= 0x2f || c === 0x3a) return 1;
    if (c >= 0x30 && c <= 0x39) return 2;
    if (c >= 0x41 && c <= 0x5a) return 3;
    if (c >= 0x81 && c <= 0x9f) return 4;
    if (c >= 0xe0 && c <= 0xea) return 5;
    if (c === 0xeb) return 6;
    if (c === 0x40 || c >= 0x5b && c <= 0x7e || c === 0x80 || c >= 0xa0 && c <= 0xbf) return 7;
    if (c >= 0xc0 && c <= 0xdf || c >= 0xec && c <= 0xfc) return 8;
    return 9;
  }
  function parse(bytes) { // [[mode, begin, end], ...]
    var out = [], state = 0, begin = 0;
    for (var k = 0; k <= bytes.length; k++) {
      var cell = state * 10 + (k < bytes.length ? byteClass(bytes[k]) : 0);
      var action = +ACTION[cell];
      state = +NEXT[cell];
      if (action === 0) continue;
      if (action === 5) { // a lone kanji lead byte before k: it goes as a byte of its own
        if (begin !== k - 1) out.push([KANJI, begin, k - 1]);
        out.push([BYTE, k - 1, k]);
      } else out.push([action - 1, begin, k]);
      begin = k;
    }
    return out;
  }
  function optimize(segments, version) { // the crate's greedy merge of neighbours
    if (!segments.length) return [];
    var out = [], last = segments[0], size = segmentBits(last[0], last[1], last[2], version);
    for (var k = 1; k < segments.length; k++) {
      var seg = segments[k], own = segmentBits(seg[0], seg[1], seg[2], version);
      var mode = maxMode(last[0], seg[0]), merged = segmentBits(mode, last[1], seg[2], version);
      if (size + own >= merged) { last = [mode, last[1], seg[2]]; size = merged; }
      else { out.push(last); last = seg; size = own; }
    }
    out.push(last);
    return out;
  }

  function alnumDigit(c) {
    return c <= 0x39 ? (c >= 0x30 ? c - 0x30 : { 0x20: 36, 0x24: 37, 0x25: 38, 0x2a: 39, 0x2b: 40, 0x2d: 41,
      0x2e: 42, 0x2f: 43 }[c] || 0) : c === 0x3a ? 44 : c - 0x41 + 10;
  }
  // bits.rs encode_auto: the first of versions 9, 26, 40 whose length fields let the
  // optimised segments fit decides the segments; the smallest version they fit is used.
  function encode(bytes) {
    var raw = parse(bytes);
    for (var tier of [9, 26, 40]) {
      var segments = optimize(raw, tier), total = 0;
      segments.forEach(function (s) { total += segmentBits(s[0], s[1], s[2], tier); });
      if (total > capacity(tier)) continue;
      var version = 1;
      while (capacity(version) < total) version++;
      var bits = [], ok = true;
      var push = function (n, value) { for (var b = n - 1; b >= 0; b--) bits.push(value >> b & 1); };
      segments.forEach(function (s) {
        var mode = s[0], data = bytes.slice(s[1], s[2]), count = mode === KANJI ? data.length >> 1 : data.length;
        var width = lengthBits(mode, version);
        if (count >= 1 << width || mode === KANJI && data.length % 2) ok = false;
        push(4, 1 << mode);
        push(width, count);
        for (var k = 0; k < data.length; k += mode === NUM ? 3 : mode === ALNUM ? 2 : mode === BYTE ? 1 : 2) {
          if (mode === NUM) {
            var chunk = data.slice(k, k + 3);
            push(chunk.length * 3 + 1, +String.fromCharCode.apply(null, chunk));
          } else if (mode === ALNUM) {
            push(k + 1 < data.length ? 11 : 6, k + 1 < data.length ? alnumDigit(data[k]) * 45 + alnumDigit(data[k + 1])
              : alnumDigit(data[k]));
          } else if (mode === BYTE) push(8, data[k]);
          else {
            var cp = data[k] * 256 + data[k + 1], off = cp - (cp < 0xe040 ? 0x8140 : 0xc140);
            push(13, (off >> 8) * 0xc0 + (off & 0xff));
          }
        }
      });
      var room = capacity(version);
      if (!ok || bits.length > room) return null;
      push(Math.min(4, room - bits.length), 0);
      while (bits.length % 8) bits.push(0);
      for (var pad = 0xec; bits.length < room; pad ^= 0xec ^ 0x11) push(8, pad);
      var out = new Uint8Array(room / 8);
      for (var k = 0; k < bits.length; k++) out[k >> 3] |= bits[k] << (7 - (k & 7));
      return { version: version, data: out };
    }
    return null;
  }

  function ecBytes(block, n) { // remainder of block * x^n by the generator of degree n
    var gen = [1];
    for (var k = 0; k < n; k++) { // gen *= (x - 2^k)
      var next = gen.concat(0);
      for (var j = 0; j < gen.length; j++) next[j + 1] ^= gen[j] ? EXP[LOG[gen[j]] + k] : 0;
      gen = next;
    }
    var rest = new Uint8Array(n);
    block.forEach(function (b) {
      var lead = b ^ rest[0];
      rest.copyWithin(0, 1);
      rest[n - 1] = 0;
      if (lead) for (var j = 0; j < n; j++) rest[j] ^= gen[j + 1] ? EXP[LOG[gen[j + 1]] + LOG[lead]] : 0;
    });
    return rest;
  }
  function interleave(blocks, into) {
    for (var k = 0; k < blocks[blocks.length - 1].length; k++) {
      blocks.forEach(function (b) { if (k < b.length) into.push(b[k]); });
    }
  }

  // The eight mask patterns (x: column, y: row) repeat every 6 columns and 12 rows: one
  // tile each, so that masking is a look-up per module.
  var MASKS = new Uint8Array(8 * 72);
  for (var m = 0; m < 8; m++) {
    for (var y = 0; y < 12; y++) {
      for (var x = 0; x < 6; x++) {
        var p = x * y, flip = [(x + y) % 2, y % 2, x % 3, (x + y) % 3, ((y >> 1) + Math.floor(x / 3)) % 2,
          p % 2 + p % 3, (p % 2 + p % 3) % 2, ((x + y) % 2 + p % 3) % 2][m] === 0;
        MASKS[m * 72 + y * 6 + x] = flip ? 1 : 0;
      }
    }
  }
  var FORMATS = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0]; // level M, mask 0-7

  // canvas.rs compute_total_penalty_scores, less its constant 720, in one pass over the
  // modules (rows as they come, columns in arrays): runs of five or more in a line; 1:1:3:1:1
  // finder look-alikes without four light modules on one side, which a window of the last
  // 15 modules of a line sees at once (outside the code counts as light); 2x2 blocks of one
  // colour; the balance of dark and light. Plain loops, no call per module: a page runs
  // this once, before the JIT has warmed up.
  function penalty(g, w) {
    var score = 0, count = 0, colRun = new Int32Array(w), colWin = new Int32Array(w), c, x, k;
    var finder = function (win) { return (win & 0x7f0) === 0x5d0 && (!(win & 0x7800) || !(win & 0xf)) ? 40 : 0; };
    for (var i = 0; i < w * w; i += w) {
      var run = 0, win = 0;
      for (x = 0; x < w; x++) {
        c = g[i + x];
        count += c;
        if (x && c !== g[i + x - 1]) { if (run >= 5) score += run - 2; run = 0; }
        run++;
        win = (win << 1 | c) & 0x7fff;
        if ((win & 0x7f0) === 0x5d0) score += finder(win);
        if (i && c !== g[i + x - w]) { if (colRun[x] >= 5) score += colRun[x] - 2; colRun[x] = 0; }
        colRun[x]++;
        colWin[x] = (colWin[x] << 1 | c) & 0x7fff;
        if ((colWin[x] & 0x7f0) === 0x5d0) score += finder(colWin[x]);
        if (i && x && c === g[i + x - 1] && c === g[i + x - w] && c === g[i + x - w - 1]) score += 3;
      }
      if (run >= 5) score += run - 2;
      for (k = 0; k < 4; k++) score += finder(win <<= 1);
    }
    for (x = 0; x < w; x++) {
      if (colRun[x] >= 5) score += colRun[x] - 2;
      for (k = 0; k < 4; k++) score += finder(colWin[x] <<= 1);
    }
    return score + Math.abs(Math.floor(count * 200 / (w * w)) - 100);
  }

  window.rosetteQr = function (text) {
    var code = encode(utf8(String(text)));
    if (!code) return null;
    var version = code.version, w = version * 4 + 17;
    var n = BLOCKS[version - 1], ec = EC[version - 1], size = Math.floor(code.data.length / n);
    var blocks = [], checks = [], start = 0;
    for (var b = 0; b < n; b++) { // the last (total mod n) blocks are one longer
      var len = size + (b >= n - code.data.length % n ? 1 : 0);
      blocks.push(code.data.subarray(start, start + len));
      checks.push(ecBytes(blocks[b], ec));
      start += len;
    }
    var stream = [];
    interleave(blocks, stream);
    interleave(checks, stream);

    var dark = new Uint8Array(w * w), fixed = new Uint8Array(w * w);
    var grid = dark; // where put draws: the code, then each masked copy's format bits
    var put = function (x, y, d) { x = x < 0 ? x + w : x; y = y < 0 ? y + w : y; grid[y * w + x] = d; fixed[y * w + x] = 1; };
    [[3, 3], [-4, 3], [3, -4]].forEach(function (f) { // finders with their light border
      for (var j = f[1] < 0 ? -4 : -3; j <= (f[1] < 0 ? 3 : 4); j++) {
        for (var i = f[0] < 0 ? -4 : -3; i <= (f[0] < 0 ? 3 : 4); i++) {
          var ring = Math.max(Math.abs(i), Math.abs(j));
          put(f[0] + i, f[1] + j, ring === 4 || ring === 2 ? 0 : 1);
        }
      }
    });
    var centres = version < 7 ? (version > 1 ? [w - 7] : []) : alignments(version);
    centres.forEach(function (cx) {
      centres.forEach(function (cy) {
        if (fixed[cy * w + cx]) return; // under a finder
        for (var j = -2; j <= 2; j++) {
          for (var i = -2; i <= 2; i++) put(cx + i, cy + j, Math.max(Math.abs(i), Math.abs(j)) !== 1 ? 1 : 0);
        }
      });
    });
    var formatAt = function (number) { // the 15 bits, most significant first, twice; the dark module
      for (var k = 0; k < 15; k++) {
        var d = number >> (14 - k) & 1;
        put(k < 6 ? k : k < 8 ? k + 1 : 8, k < 8 ? 8 : k === 8 ? 7 : 14 - k, d);
        put(k < 7 ? 8 : k - 15, k < 7 ? -1 - k : 8, d);
      }
      put(8, -8, 1);
    };
    formatAt(0);
    for (var t = 8; t <= w - 9; t++) { put(t, 6, t % 2 ? 0 : 1); put(6, t, t % 2 ? 0 : 1); }
    if (version >= 7) {
      var info = version << 12;
      for (var r = version << 12, bit = 17; bit >= 12; bit--) if (r >> bit & 1) r ^= 0x1f25 << (bit - 12);
      info |= r;
      for (var k = 0; k < 18; k++) {
        var d = info >> (17 - k) & 1;
        put(5 - Math.floor(k / 3), -9 - k % 3, d);
        put(-9 - k % 3, 5 - Math.floor(k / 3), d);
      }
    }

    // Data: two-module columns from the bottom right, upwards then downwards, skipping the
    // timing column (canvas.rs DataModuleIter); whatever is left over stays light.
    var x = w - 1, y = w - 1, bitIndex = 0, total = stream.length * 8;
    while (bitIndex < total) {
      var column = x <= 6 ? x + 1 : x;
      if (column <= 0) break;
      if (!fixed[y * w + x]) {
        dark[y * w + x] = stream[bitIndex >> 3] >> (7 - (bitIndex & 7)) & 1;
        bitIndex++;
      }
      var kind = (w - column) % 4;
      if (kind === 2 && y > 0) { y--; x++; }
      else if (kind === 0 && y < w - 1) { y++; x++; }
      else if ((kind === 0 || kind === 2) && x === 7) x -= 2;
      else x--;
    }

    var free = [], tile = []; // the modules a mask flips, and where each is in a 6x12 tile
    for (y = 0; y < w; y++) {
      for (x = 0; x < w; x++) if (!fixed[y * w + x]) { free.push(y * w + x); tile.push(y % 12 * 6 + x % 6); }
    }
    var best = null, lowest = Infinity;
    for (var m = 0; m < 8; m++) {
      var masked = dark.slice();
      for (var f = 0; f < free.length; f++) masked[free[f]] ^= MASKS[m * 72 + tile[f]];
      grid = masked;
      formatAt(FORMATS[m]);
      var score = penalty(masked, w);
      if (score < lowest) { lowest = score; best = masked; }
    }
    return { width: w, dark: best };
  };
})();
