/*
 * rosette default theme: the little interactivity of award pages.
 * -------------------------------------------------------------------
 * Progressive enhancement only: every page works without this file. It is local (no CDN),
 * loaded with `defer`, and does two things:
 *
 *   - "Copy link": buttons with data-copy="<input id>" copy that input's value, and say so
 *     in the live region data-status="<id>". The buttons stay hidden where the browser
 *     cannot copy; the address is in a read-only field anyway.
 *   - "Is this yours?": the form with data-hash/data-salt hashes the typed address the way
 *     Open Badges does (trimmed, lower-cased, followed by the salt, SHA-256) with Web Crypto
 *     and compares it with the award's public hash. Nothing leaves the browser. The panel
 *     stays hidden where Web Crypto is missing (it needs https or localhost).
 *
 * Texts come from data attributes, so they are in the site's language.
 */
(function () {
  "use strict";

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
})();
