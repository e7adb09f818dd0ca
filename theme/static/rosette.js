/*
 * rosette default theme: the little interactivity of award pages.
 * -------------------------------------------------------------------
 * Progressive enhancement only: every page works without this file. It is local (no CDN),
 * loaded with `defer`, and does five things:
 *
 *   - "Copy link": buttons with data-copy="<input id>" copy that input's value, and say so
 *     in the live region data-status="<id>". The buttons stay hidden where the browser
 *     cannot copy; the address is in a read-only field anyway.
 *   - "Is this yours?": the form with data-hash/data-salt hashes the typed address the way
 *     Open Badges does (trimmed, lower-cased, followed by the salt, SHA-256) with Web Crypto
 *     and compares it with the award's public hash. Nothing leaves the browser. The panel
 *     stays hidden where Web Crypto is missing (it needs https or localhost).
 *   - "Download badge": the button with data-bake bakes the award into the badge image here,
 *     byte for byte what `rosette` itself bakes (src/bake/): it fetches the badge image
 *     (data-image) and the award's published ob2.json / credential.json (data-ob2,
 *     data-ob3) and splices them in following the plan the build computed (data-bake,
 *     described in src/bake/plan.rs). The site publishes no baked file per award.
 *     `window.rosetteBake(button)` resolves to the bytes (the tests call it).
 *   - The wallet QR code: svg[data-qr-text] holds the credential's address, encoded by qr.js
 *     (fetched only then); svg[data-qr] of older themes holds the modules ("<width>:<base64
 *     bits>"). They are drawn as one path, 4 px a module, with a 4-module margin.
 *   - "Print certificate": the button with data-print prints the page, which the stylesheet
 *     lays out as a certificate (`@media print`). The QR code it shows is drawn when this
 *     script runs, and again before any printing (the browser's own Print command included)
 *     if it was not.
 *
 * The interactive parts are not in each award page, since they only work with this script:
 * the page holds placeholders (<i data-tool="NAME"></i>) and its values (data-* attributes of
 * the element with data-tools, whose value may name the file; by default awards/tools.html of
 * the site whose static/ holds this script), and the script first puts each
 * <template data-tool="NAME"> of that file (one per site, theme/templates/award_tools.html) in
 * place of its placeholder, replacing {key} in attribute values by the page's data-key, then
 * does the above. Pages whose theme writes those parts inline work the same. When they are
 * in, it tells verify.js with the event "rosette:tools" on document.
 *
 * Texts come from data attributes, so they are in the site's language.
 */
(function () {
  "use strict";

  // This script's own address: qr.js is its neighbour.
  var ownUrl = document.currentScript && document.currentScript.src;

  // ---- The award page's tools (awards/tools.html) ------------------------------------------
  // The keys a page gives; any other {word} (e.g. "{email}" in a text) is left as it is.
  var TOOL_KEYS = ["verify", "page", "credential", "ob2", "image", "bake", "name", "hash", "salt", "badge", "issuer"];

  // As a URL's query encodes a value (application/x-www-form-urlencoded, a space as %20), the
  // way the build wrote share links before they moved here.
  function formEncode(value) {
    return encodeURIComponent(value).replace(/[!'()~]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function htmlText(value) {
    var map = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"};
    return value.replace(/[&<>"']/g, function (c) {
      return map[c];
    });
  }

  // {key} is the value; {key|url} the value encoded for a URL's query; {text:name} the element's
  // own data-text-name, filled in turn. `escape` (for HTML source) is applied to the values.
  function fill(text, values, element, escape) {
    return text.replace(/\{(text:)?([a-z0-9]+)(\|url)?\}/g, function (whole, own, key, url) {
      var value;
      if (own) {
        value = element && element.getAttribute("data-text-" + key);
        if (value === null || !element) return whole;
        value = fill(value, values, null, null);
      } else if (TOOL_KEYS.indexOf(key) < 0) {
        return whole;
      } else {
        value = values[key] || "";
      }
      if (url) return formEncode(value);
      return escape ? escape(value) : value;
    });
  }

  function insertTools(html, root) {
    var tools = new DOMParser().parseFromString(html, "text/html");
    var values = toolValues(root);
    root.querySelectorAll("i[data-tool]").forEach(function (slot) {
      var template = tools.querySelector('template[data-tool="' + slot.getAttribute("data-tool") + '"]');
      if (!template) return;
      var part = document.importNode(template.content, true);
      part.querySelectorAll("[data-needs]").forEach(function (element) {
        if (!values[element.getAttribute("data-needs")]) element.remove();
      });
      part.querySelectorAll("*").forEach(function (element) {
        Array.prototype.forEach.call(element.attributes, function (attribute) {
          if (attribute.value.indexOf("{") >= 0) attribute.value = fill(attribute.value, values, element, null);
        });
        // A <textarea> holds source to copy: its text is filled, values escaped as HTML.
        if (element.localName === "textarea") element.textContent = fill(element.textContent, values, element, htmlText);
      });
      slot.replaceWith(part);
    });
  }

  // The page's values. Addresses are absolute URLs (they go into baked images, the wallet QR
  // code and share links), made from the page's canonical address, so a local preview makes
  // what the published site makes. {page} is that address; {verify} is the document the live
  // check reads.
  function toolValues(root) {
    var values = {};
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href;
    TOOL_KEYS.forEach(function (key) {
      var value = root.getAttribute("data-" + key);
      if (value === null) return;
      values[key] = key === "credential" || key === "ob2" || key === "image" ? new URL(value, base).href : value;
    });
    // The badge image: the page's own when it does not name it.
    var hero = document.querySelector("img.badge-image");
    if (!values.image && hero) values.image = hero.src;
    values.page = base;
    values.verify = values.verify || values.credential || values.ob2 || "";
    return values;
  }

  var toolsRoot = document.querySelector("[data-tools]");
  var toolsReady =
    toolsRoot && toolsRoot.querySelector("i[data-tool]") && window.fetch && window.DOMParser && window.URL
      ? fetch(toolsRoot.getAttribute("data-tools") || new URL("../awards/tools.html", ownUrl).href)
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.text();
          })
          .then(function (html) {
            insertTools(html, toolsRoot);
            document.dispatchEvent(new Event("rosette:tools"));
          })
          .catch(function () {})
      : Promise.resolve();
  toolsReady.then(enhance);

  function enhance() {
    function say(region, text, tone) {
      if (!region) return;
      region.textContent = text;
      region.setAttribute("data-tone", tone || "");
    }

    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (!navigator.clipboard || !window.isSecureContext) return;
      var field = document.getElementById(button.getAttribute("data-copy"));
      var region = document.getElementById(button.getAttribute("data-status"));
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            say(region, button.getAttribute("data-done"), "yes");
          },
          function () {
            say(region, button.getAttribute("data-failed"), "no");
            field.select();
          }
        );
      });
    });

    // ---- Wallet QR code ----------------------------------------------------------------------
    // The modules of svg[data-qr]: given ("<width>:<base64 bits>", as themes made before), or
    // computed here from the address in data-qr-text by qr.js (loaded beside this script when a
    // page has such a code: exactly the qrcode crate's code, tests/integration/qr.rs).
    function qrModules(svg) {
      var text = svg.getAttribute("data-qr-text");
      if (text) {
        var code = window.rosetteQr && window.rosetteQr(text);
        if (!code) return null;
        return {
          width: code.width,
          dark: function (x, y) {
            return code.dark[y * code.width + x];
          },
        };
      }
      var parts = (svg.getAttribute("data-qr") || "").split(":");
      var width = parseInt(parts[0], 10);
      var bits;
      try {
        bits = atob(parts[1] || "");
      } catch (e) {
        return null;
      }
      if (!(width > 0) || bits.length * 8 < width * width) return null;
      return {
        width: width,
        dark: function (x, y) {
          var i = y * width + x;
          return (bits.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
        },
      };
    }

    function drawQr(svg) {
      if (svg.hasAttribute("viewBox")) return;
      var code = qrModules(svg);
      if (!code) return;
      var width = code.width;
      var dark = code.dark;
      var margin = 4;
      var side = width + 2 * margin;
      // One stroke per run of dark modules, as the build drew it before (src/render/share.rs).
      var d = "";
      for (var y = 0; y < width; y++) {
        var pen = -1;
        for (var x = 0; x < width; ) {
          if (!dark(x, y)) {
            x++;
            continue;
          }
          var start = x;
          while (x < width && dark(x, y)) x++;
          d += pen < 0 ? "M" + (start + margin) + " " + (y + margin) + ".5h" + (x - start) : "m" + (start - pen) + " 0h" + (x - start);
          pen = x;
        }
      }
      var ns = "http://www.w3.org/2000/svg";
      var rect = document.createElementNS(ns, "rect");
      rect.setAttribute("width", side);
      rect.setAttribute("height", side);
      rect.setAttribute("fill", "#fff");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("stroke", "#000");
      path.setAttribute("d", d);
      svg.setAttribute("viewBox", "0 0 " + side + " " + side);
      svg.setAttribute("width", side * 4);
      svg.setAttribute("height", side * 4);
      svg.setAttribute("shape-rendering", "crispEdges");
      svg.appendChild(rect);
      svg.appendChild(path);
      var box = svg.closest("[data-qr-box]");
      if (box) box.hidden = false;
    }

    function drawQrCodes() {
      document.querySelectorAll("svg[data-qr], svg[data-qr-text]").forEach(drawQr);
    }

    if (document.querySelector("svg[data-qr-text]") && !window.rosetteQr && ownUrl) {
      var qrScript = document.createElement("script");
      qrScript.src = new URL("qr.js", ownUrl).href;
      qrScript.onload = drawQrCodes;
      document.head.appendChild(qrScript);
    }
    drawQrCodes();

    // ---- Printable certificate ---------------------------------------------------------------
    window.addEventListener("beforeprint", drawQrCodes);
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      if (!window.print) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        drawQrCodes();
        window.print();
      });
    });

    // ---- Baked badge image -------------------------------------------------------------------
    var encoder = window.TextEncoder ? new TextEncoder() : null;
    var crcTable = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable.push(c >>> 0);
    }

    function crc32(bytes) {
      var crc = 0xffffffff;
      for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
      return (crc ^ 0xffffffff) >>> 0;
    }

    function concat(list) {
      var size = list.reduce(function (sum, part) {
        return sum + part.length;
      }, 0);
      var out = new Uint8Array(size);
      var at = 0;
      list.forEach(function (part) {
        out.set(part, at);
        at += part.length;
      });
      return out;
    }

    function u32(value) {
      return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
    }

    // An uncompressed iTXt chunk: keyword, NUL, flag 0, method 0, empty language and translation.
    function itxt(keyword, text) {
      var body = concat([encoder.encode("iTXt" + keyword), new Uint8Array(5), text]);
      return concat([u32(body.length - 4), body, u32(crc32(body))]);
    }

    // "]]>" would end the CDATA section: JSON can only hold it in a string, where \u003e is ">".
    function cdata(bytes) {
      var out = [];
      var from = 0;
      for (var i = 0; i + 2 < bytes.length; i++) {
        if (bytes[i] === 0x5d && bytes[i + 1] === 0x5d && bytes[i + 2] === 0x3e) {
          out.push(bytes.subarray(from, i + 2), encoder.encode("\\u003e"));
          from = i + 3;
          i += 2;
        }
      }
      out.push(bytes.subarray(from));
      return concat(out);
    }

    function xml(text) {
      var map = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"};
      return text.replace(/[&<>"']/g, function (ch) {
        return map[ch];
      });
    }

    function pieces(image, list) {
      return list
        ? list.split(",").map(function (range) {
            var ends = range.split("-");
            return image.subarray(parseInt(ends[0], 10), parseInt(ends[1], 10));
          })
        : [];
    }

    function fetchBytes(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.arrayBuffer().then(function (buffer) {
          return new Uint8Array(buffer);
        });
      });
    }

    window.rosetteBake = function (button) {
      var plan = button.getAttribute("data-bake").split(";");
      var ob2Url = button.getAttribute("data-ob2");
      var ob3Url = button.getAttribute("data-ob3");
      return Promise.all([
        fetchBytes(button.getAttribute("data-image")),
        fetchBytes(ob2Url),
        ob3Url ? fetchBytes(ob3Url) : null,
      ]).then(function (got) {
        var image = got[0], ob2 = got[1], ob3 = got[2];
        var baked;
        if (plan[0] === "png") {
          baked = [itxt("openbadges", ob2)];
          if (ob3) baked.push(itxt("openbadgecredential", ob3));
        } else {
          baked = [
            encoder.encode(' xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="' + xml(ob2Url) + '"><![CDATA['),
            cdata(ob2),
            encoder.encode("]]></openbadges:assertion>"),
          ];
          if (ob3) {
            baked.push(
              encoder.encode('<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA['),
              cdata(ob3),
              encoder.encode("]]></openbadges:credential>")
            );
          }
          if (plan[3]) baked.push(encoder.encode("</" + plan[3] + ">"));
        }
        return concat(pieces(image, plan[1]).concat(baked, pieces(image, plan[2])));
      });
    };

    document.querySelectorAll("button[data-bake]").forEach(function (button) {
      if (!encoder || !window.fetch || !window.Blob || !window.URL) return;
      var region = document.getElementById("bake-status");
      button.hidden = false;
      button.addEventListener("click", function () {
        window.rosetteBake(button).then(
          function (bytes) {
            var type = button.getAttribute("data-bake").indexOf("png") === 0 ? "image/png" : "image/svg+xml";
            var link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([bytes], {type: type}));
            link.download = button.getAttribute("data-name");
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(function () {
              URL.revokeObjectURL(link.href);
            }, 10000);
            say(region, "", "");
          },
          function () {
            if (region) say(region, region.getAttribute("data-failed"), "no");
          }
        );
      });
    });

    var form = document.querySelector("form[data-hash]");
    if (!form || !window.crypto || !crypto.subtle || !window.TextEncoder) return;
    var panel = form.closest("[data-mine]");
    if (panel) panel.hidden = false;
    var input = form.querySelector("input");
    var result = document.getElementById("mine-result");
    var expected = (form.getAttribute("data-hash") || "").replace(/^sha256\$/i, "").toLowerCase();

    function hex(buffer) {
      return Array.prototype.map
        .call(new Uint8Array(buffer), function (b) {
          return b.toString(16).padStart(2, "0");
        })
        .join("");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var email = input.value.trim().toLowerCase();
      if (!email) {
        say(result, form.getAttribute("data-empty"), "no");
        input.focus();
        return;
      }
      var bytes = new TextEncoder().encode(email + (form.getAttribute("data-salt") || ""));
      crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
        var mine = hex(digest) === expected;
        var text = form.getAttribute(mine ? "data-yes" : "data-no").replace("{email}", email);
        say(result, text, mine ? "yes" : "no");
      });
    });
  }
})();
