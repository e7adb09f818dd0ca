/*
 * rosette default theme: live verification in the visitor's browser.
 * -------------------------------------------------------------------
 * The verifier is rosette's own verification core (crates/verify) compiled to WebAssembly
 * (static/verifier/, built by scripts/build-verifier): the same checks, the same verdict as
 * `rosette verify`. This module gives it its documents. The core asks for URLs (the issuer's
 * DID document, the status list, an OB 2.0 assertion's badge and issuer); they are fetched
 * here, all of a round at once, and the core runs again with them, until it has what it
 * needs. Nothing else is fetched, nothing is sent anywhere, no third-party script runs.
 *
 * Status lists and DID documents are fetched without the browser's cache (`no-cache`
 * revalidates), so a revocation published after the page was built shows, and the validity
 * dates are checked against the visitor's clock, so an expiry is never stale.
 *
 * Two uses, told apart by what the page holds:
 *   - an award page's section[data-verify]: verifies the award's credential when the page
 *     opens (or when its button is pressed, if the section has data-verify-on="button");
 *   - the /verify/ page's form[data-verify-form]: verifies a dropped or picked file (JSON
 *     credential or assertion, baked PNG or SVG) or the document at a pasted URL, or at once
 *     the document its `?url=` names (the endorsement blocks link there).
 * Texts come from verify/strings.json (the `[live]` strings), so they are in the site's language.
 * `window.rosetteVerify(bytes)` resolves to the core's answer (the tests call it).
 */
import init, { verify } from "./verifier/verifier.js";

/* An OB 2.0 assertion needs four rounds; more means documents naming documents forever. */
const ROUNDS = 8;
/* No honest document weighs this much (the command line's cap for fetched documents). */
const MAX_DOCUMENT = 8 * 1024 * 1024;

let loaded = null;
function load() {
  loaded = loaded || init({ module_or_path: new URL("./verifier/verifier_bg.wasm", import.meta.url) });
  return loaded;
}

/* A local preview (`rosette serve`) is plain http: its own URLs may be fetched over http,
 * and its did:web documents, which did:web always names with https, are asked of it too. */
const preview = location.protocol === "http:" ? location.origin : "";
function address(url) {
  if (preview && url.startsWith("https://" + location.host + "/")) return "http" + url.slice(5);
  return url;
}

/* Why `url` could not be fetched, in the visitor's words rather than the browser's ("Failed
 * to fetch"). A host on another origin that answers but does not share its documents (no
 * Access-Control-Allow-Origin) is told apart from one that does not answer by asking again
 * without reading the answer: a "no-cors" request succeeds, opaquely, only if the host answered. */
async function unfetched(url, error, texts) {
  const target = new URL(address(url), location.href);
  if (target.origin === location.origin) return String(error.message || error);
  try {
    await fetch(target, { mode: "no-cors", cache: "no-store", credentials: "omit" });
    return texts.cors || "CORS";
  } catch (_) {
    return texts.offline || String(error.message || error);
  }
}

/* A reason ("the site … instead") as a sentence of its own, for the verdict's lines. */
function sentence(reason) {
  return reason.charAt(0).toUpperCase() + reason.slice(1) + ".";
}

async function fetchDocument(url, texts) {
  let response;
  try {
    response = await fetch(address(url), {
      cache: "no-cache",
      credentials: "omit",
      headers: { Accept: "application/ld+json, application/json;q=0.9, */*;q=0.1" },
    });
  } catch (error) {
    return { unavailable: url + ": " + (await unfetched(url, error, texts)) };
  }
  if (!response.ok) return { unavailable: url + ": HTTP " + response.status };
  const length = Number(response.headers.get("content-length") || 0);
  if (length > MAX_DOCUMENT) return { unavailable: url + ": larger than 8 MiB" };
  return { text: await response.text() };
}

/* The core's verdict on `bytes`: {verdict, conclusion}, or {refused: why}. */
async function run(bytes, texts, recipient) {
  await load();
  const documents = {};
  for (let round = 0; round < ROUNDS; round++) {
    const now = new Date().toISOString();
    // {"need": [urls]}, {"verdict": {"verdict": {...}, "conclusion": "..."}} or {"refused": "why"}
    const answer = JSON.parse(verify(bytes, JSON.stringify(documents), now, recipient || "", preview));
    if (answer.verdict) return answer.verdict;
    if (!answer.need) return answer;
    const fetched = await Promise.all(answer.need.map((url) => fetchDocument(url, texts)));
    answer.need.forEach((url, i) => (documents[url] = fetched[i]));
  }
  return { refused: texts.rounds };
}

/* The plain-language reading of a verdict: one tone, one headline, one line per aspect. A
 * document that could not be fetched says why in a line of its own, not only in the detail. */
function reading(answer, texts) {
  if (answer.refused) {
    const lines = answer.why ? [{ status: "unchecked", text: sentence(answer.why) }] : [];
    return { tone: "unknown", headline: texts.refused, lines, detail: [answer.refused] };
  }
  const checks = answer.verdict.checks;
  const aspects = [];
  checks.forEach((check) => {
    let entry = aspects.find((a) => a.aspect === check.aspect);
    if (!entry) aspects.push((entry = { aspect: check.aspect, status: "passed" }));
    if (check.status === "failed" || (check.status === "unchecked" && entry.status === "passed")) {
      entry.status = check.status;
    }
  });
  const failed = aspects.filter((a) => a.status === "failed").map((a) => a.aspect);
  let tone = "valid";
  let headline = texts.valid;
  if (answer.conclusion === "invalid") {
    const only = (aspect) => failed.length === 1 && failed[0] === aspect;
    tone = only("dates") ? "expired" : "invalid";
    headline = only("dates") ? texts.expired : failed.includes("status") ? texts.revoked : texts.invalid;
  } else if (answer.conclusion === "could-not-check") {
    tone = "unknown";
    headline = texts.unknown;
  }
  const lines = aspects.map((a) => ({ status: a.status, text: texts[a.aspect + "_" + a.status] || a.aspect }));
  const detail = checks.map((c) => (c.status === "passed" ? "✓ " : c.status === "failed" ? "✗ " : "? ") + c.label);
  return { tone, headline, lines, detail: [answer.verdict.kind + ": " + answer.verdict.id].concat(detail) };
}

/* `text` into `element`, its `quoted` parts (a command: `rosette verify`) as code. */
function write(element, text) {
  text.split("`").forEach((part, i) => {
    if (i % 2 === 0) return element.append(part);
    const code = document.createElement("code");
    code.textContent = part;
    element.append(code);
  });
}

function show(box, answer, texts) {
  const read = reading(answer, texts);
  box.setAttribute("data-tone", read.tone);
  box.querySelector("[data-verify-headline]").textContent = read.headline;
  const list = box.querySelector("[data-verify-lines]");
  list.replaceChildren(
    ...read.lines.map((line) => {
      const item = document.createElement("li");
      item.setAttribute("data-status", line.status);
      write(item, line.text);
      return item;
    })
  );
  const detail = box.querySelector("[data-verify-detail]");
  detail.replaceChildren(
    ...read.detail.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    })
  );
  box.querySelector("[data-verify-more]").hidden = false;
}

let strings = null;
/* The site's texts for the verifier, fetched once; without them the checks still run. */
function texts() {
  strings =
    strings ||
    fetch(new URL("../verify/strings.json", import.meta.url))
      .then((response) => response.json())
      .catch(() => ({}));
  return strings;
}

async function verifyInto(box, texts, bytesPromise) {
  box.hidden = false;
  box.setAttribute("data-tone", "working");
  box.querySelector("[data-verify-headline]").textContent = texts.working;
  let answer;
  try {
    answer = await run(await bytesPromise, texts, "");
  } catch (error) {
    answer = { refused: String(error.message || error), why: error.why };
  }
  show(box, answer, texts);
  return answer;
}

/* The thing to verify at `url`, as bytes: it may be a baked PNG. */
async function bytesAt(url, texts) {
  let response;
  try {
    response = await fetch(address(url), { cache: "no-cache", credentials: "omit" });
  } catch (error) {
    const why = await unfetched(url, error, texts);
    throw Object.assign(new Error(url + ": " + why), { why });
  }
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  return new Uint8Array(await response.arrayBuffer());
}

window.rosetteVerify = (bytes) => run(bytes, {}, "");

/* Award pages: their section[data-verify] may come later, from awards/tools.html, put in by
   rosette.js, which then fires "rosette:tools"; each section is started once. */
const textsLoaded = texts();
document.addEventListener("rosette:tools", () => textsLoaded.then(startSections));
function startSections(siteTexts) {
  if (!siteTexts || typeof siteTexts.valid !== "string") return;
  document.querySelectorAll("section[data-verify]:not([data-started])").forEach((section) => {
    section.setAttribute("data-started", "");
    const box = section.querySelector("[data-verify-result]");
    const start = () => {
      section.setAttribute("data-done", "");
      return verifyInto(box, siteTexts, bytesAt(section.getAttribute("data-verify"), siteTexts));
    };
    section.hidden = false;
    const button = section.querySelector("button[data-verify-start]");
    if (button) button.addEventListener("click", start);
    if (section.getAttribute("data-verify-on") !== "button") start();
  });
}

const siteTexts = await textsLoaded;
/* Without the site's texts (a partial deploy: verify/strings.json missing or broken) a
   verdict would have no words. Award pages then keep only their build-time banner, and the
   /verify/ page says that the verifier cannot start here. */
const speaks = Boolean(siteTexts) && typeof siteTexts.valid === "string";
if (!speaks) document.querySelectorAll("[data-verify-unavailable]").forEach((note) => (note.hidden = false));
startSections(siteTexts);
const verifyForms = speaks ? document.querySelectorAll("form[data-verify-form]") : [];

/* The /verify/ page. */
verifyForms.forEach((form) => {
  const texts = siteTexts;
  const box = document.getElementById(form.getAttribute("data-verify-form"));
  const file = form.querySelector("input[type=file]");
  const url = form.querySelector("input[type=url]");
  const drop = form.querySelector("[data-verify-drop]");
  form.hidden = false;
  const fromFile = (chosen) =>
    chosen && verifyInto(box, texts, chosen.arrayBuffer().then((buffer) => new Uint8Array(buffer)));
  file.addEventListener("change", () => fromFile(file.files[0]));
  // verify/?url=<address>: pages link here to have a document checked (endorsements).
  const given = new URLSearchParams(location.search).get("url");
  if (given) {
    url.value = given;
    verifyInto(box, texts, bytesAt(given, texts));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (url.value) verifyInto(box, texts, bytesAt(url.value.trim(), texts));
    else fromFile(file.files[0]);
  });
  if (drop) {
    ["dragenter", "dragover"].forEach((name) =>
      drop.addEventListener(name, (event) => {
        event.preventDefault();
        drop.setAttribute("data-over", "");
      })
    );
    ["dragleave", "drop"].forEach((name) => drop.addEventListener(name, () => drop.removeAttribute("data-over")));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      fromFile(event.dataTransfer.files[0]);
    });
  }
});
