#!/usr/bin/env python3
"""Runs the official 1EdTech Open Badges 2.0 validator against a site built by rosette.

Usage (with the venv made by tests/interop/ob2/setup.sh):

    target/interop/ob2-venv/bin/python tests/interop/ob2/validate.py \
        --site site-example/public --base-url https://northfield-badges.github.io/badges/ \
        [--recipients tests/interop/recipients.toml] [--now 2026-01-01T00:00:00Z] [--json] [--verbose]

Every award under <site>/awards/*/ob2.json is verified in-process with
`openbadges.verify(<award URL>)` (PyPI `openbadges` 1.1.2, the library behind the 1EdTech
validator service), exactly as a verifier would for a hosted badge: starting from the
assertion's URL, it fetches the assertion, its BadgeClass, the issuer Profile, the images
and the JSON-LD context. Nothing goes to the network (see "How URLs are answered" below).

Expectations, per award:
  * `revoked: true` in its JSON  -> must be judged invalid. The validator itself reports a
    complete assertion carrying `revoked: true` as valid (upstream issue
    openbadges-validator-core#236), so this harness makes that judgement itself and only
    records what the validator said. It also requires the award to be listed in an
    issuer's revocations.json (hosted-badge verifiers never fetch that list, so the
    validator cannot notice it missing).
  * `expires` before --now        -> the validator must judge it invalid, and its only
    errors must be the expiry (anything else is a real defect hidden behind the expiry).
  * anything else                 -> the validator must judge it valid with zero errors
    (warnings are allowed and printed), and it must not appear in any revocation list.
  * every issuers/*/ob2.json, issuers/*/revocations.json, badges/*/ob2.json and
    awards/*/ob2.json has as `id` exactly the URL it is served at, and every URL under
    --base-url that it contains resolves to a file (the validator never fetches the issuer
    image or the revocation list).
  * any award: its `id` is exactly the URL it is served at; every URL the validator
    fetched was answered from the site folder (a refused or missing URL is a failure —
    the validator itself ignores HTTP status codes, so a 404 image would slip through).
  * with --recipients: each listed award is verified again with the recipient's e-mail
    (or URL) as the validator's trusted `recipient_profile`, and the report must confirm
    it (`report.recipientProfile == {"email": <address>}`). For one award a WRONG address
    is tried too and must NOT be confirmed, so the check is known to be able to fail.

--now (RFC 3339, with a zone) fixes "now" both for this script's expiry check and for the
validator's own clock (its timestamp check calls datetime.now), so results do not change
as the calendar moves on. Default: the current time.

Exit status: 0 if every expectation holds and at least one award that is neither revoked
nor expired was validated successfully; 1 otherwise; 2 on usage or environment errors.
With --json the machine-readable summary goes to stdout and the readable report to stderr.

recipients.toml: award ids mapped to the recipient's identifier, in any of these shapes:

    [awards.k3v9q2m7xa]            # or [recipients.<id>], or a top-level [<id>] table
    email = "ada@example.org"      # or url = "https://github.com/ada"

    [[recipient]]                  # or [[recipients]] / [[award]] / [[awards]]
    award = "k3v9q2m7xa"           # or id / award_id
    badge = "rust-fundamentals"    # optional: the award's badge must then be this one
    email = "ada@example.org"

    k3v9q2m7xa = "ada@example.org" # a bare string (inside [awards] or at top level)

Unknown keys are an error (typos must not silently skip a check); `name`, `note` and
`comment` are allowed and ignored. E-mail addresses are passed to the validator trimmed and
lower-cased, the normalisation rosette applies before hashing (docs/format.md); the
validator itself compares the exact string, so a listed address that differs from its
normalised form is noted in the report.
"""

import argparse
import datetime as _dt
import glob
import io
import json
import logging
import os
import socket
import sys
import urllib.parse

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

# Content types as GitHub Pages serves them (the production host of a rosette site).
CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}


class UsageError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Arguments and inputs
# ---------------------------------------------------------------------------------------

def parse_rfc3339(value):
    """Parses an RFC 3339 / ISO 8601 date-time that carries a zone; None if it cannot."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(_dt.timezone.utc)


def normalise_base_url(value):
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError("--base-url must be an absolute http(s) URL, got {!r}".format(value))
    if parts.query or parts.fragment:
        raise UsageError("--base-url must not have a query or fragment: {!r}".format(value))
    return value if value.endswith("/") else value + "/"


def load_toml(path):
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - the venv is 3.11, but be kind to 3.9/3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise UsageError("reading {} needs Python 3.11+ (tomllib) or the tomli package".format(path))
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise UsageError("cannot read recipients file {}: {}".format(path, error))
    except tomllib.TOMLDecodeError as error:
        raise UsageError("recipients file {} is not valid TOML: {}".format(path, error))


IDENTIFIER_KEYS = {"email", "url", "telephone"}
INFORMATIVE_KEYS = {"badge", "name", "note", "comment"}  # badge is checked; the others are ignored


def load_recipients(path):
    """Returns {award_id: {"email" | "url" | "telephone": value[, "badge": badge id]}}."""
    data = load_toml(path)
    result = {}

    def add(award_id, value, where):
        if not isinstance(award_id, str) or not award_id:
            raise UsageError("{}: {}: award id missing or not a string".format(path, where))
        if isinstance(value, str):
            profile = {"url": value} if value.startswith(("http://", "https://")) else {"email": value}
        elif isinstance(value, dict):
            unknown = sorted(set(value) - IDENTIFIER_KEYS - INFORMATIVE_KEYS)
            if unknown:
                raise UsageError("{}: {}: unknown key(s) {} (known: {})".format(
                    path, where, ", ".join(unknown), ", ".join(sorted(IDENTIFIER_KEYS | INFORMATIVE_KEYS))))
            badge = value.get("badge")
            if badge is not None and not isinstance(badge, str):
                raise UsageError("{}: {}: badge must be a string".format(path, where))
            known = {k: v for k, v in value.items() if k in IDENTIFIER_KEYS}
            if len(known) != 1 or not isinstance(next(iter(known.values())), str):
                raise UsageError("{}: {}: need exactly one of email / url / telephone (a string)".format(
                    path, where))
            profile = dict(known)
            if badge is not None:
                profile["badge"] = badge
        else:
            raise UsageError("{}: {}: expected a string or a table".format(path, where))
        if award_id in result:
            raise UsageError("{}: award {} listed twice".format(path, award_id))
        result[award_id] = profile

    def add_table(table, where):
        for key, value in table.items():
            add(key, value, "{}{}".format(where, key))

    def add_array(items, where):
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise UsageError("{}: {}[{}] is not a table".format(path, where, index))
            award_id = item.get("id", item.get("award", item.get("award_id")))
            rest = {k: v for k, v in item.items() if k not in ("id", "award", "award_id")}
            add(award_id, rest, "{}[{}]".format(where, index))

    for key, value in data.items():
        if key in ("awards", "recipients", "award", "recipient"):
            if isinstance(value, dict):
                add_table(value, key + ".")
            elif isinstance(value, list):
                add_array(value, key)
            else:
                raise UsageError("{}: {} must be a table or an array of tables".format(path, key))
        else:
            add(key, value, key)
    if not result:
        raise UsageError("{}: lists no award".format(path))
    return result


# ---------------------------------------------------------------------------------------
# How URLs are answered
# ---------------------------------------------------------------------------------------
#
# Every HTTP request the validator makes goes through `requests` (plain Session, or
# requests_cache's CachedSession, a subclass), and its sessions are created inside its
# tasks, so we cannot mount an adapter on them. Instead `requests.Session.get_adapter` is
# replaced so that EVERY session, whatever URL, uses SiteAdapter, which answers in-process:
#   * the JSON-LD context https://w3id.org/openbadges/v2 -> the copy the package ships
#     (openbadges.verifier.openbadges_context.OPENBADGES_CONTEXT_V2_DICT);
#   * a URL under --base-url -> the file at the same relative path in --site, with the
#     content type GitHub Pages would send (a folder URL gets its index.html; a folder
#     without a trailing slash gets a 301 as on GitHub Pages; a missing file gets 404);
#   * anything else -> refused: printed at once, counted as a failure of the award, and
#     the validator sees a connection error.
# On top of that, sockets are disabled for the whole process, so a fetch that somehow
# bypassed `requests` (e.g. PyLD's urllib loader) fails loudly too.
#
# Why not serve the folder on 127.0.0.1 and build the site for http://127.0.0.1:<port>/?
#   * The validator requires the issuer's `allowedOrigins` to be a DNS name with a TLD
#     (no port, no IP): a site built for 127.0.0.1:<port> fails validation for a reason
#     that has nothing to do with production, and its origin check compares host AND port.
#   * It would validate a differently-built site, not the one that is published: here the
#     production https base URL, ids, startsWith and allowedOrigins are checked as is.
#   * No port to pick, no server to start and stop, no race; and we learn exactly which
#     URLs each verification fetched, so missing files and foreign URLs are caught even
#     though the validator itself ignores HTTP status codes.
# The cost: HTTP headers are simulated (content types as GitHub Pages sends them).


class Fetcher:
    """Maps URLs to the site folder; records every fetch of the current verification."""

    def __init__(self, site, base_url, contexts):
        self.site = os.path.realpath(site)
        self.base_url = base_url
        self.contexts = contexts  # {url: bytes}
        self.log = []

    def resolve(self, url):
        """Returns (status, body, content_type, headers, note)."""
        if url in self.contexts:
            return 200, self.contexts[url], "application/ld+json", {}, "context shipped with openbadges"
        if not url.startswith(self.base_url):
            return None, None, None, {}, "outside --base-url"
        relative = urllib.parse.urlsplit(url[len(self.base_url):]).path  # query/fragment ignored
        relative = urllib.parse.unquote(relative)
        segments = relative.split("/")
        if any(s in (".", "..") for s in segments) or "\\" in relative or "\x00" in relative:
            return 404, b"", "text/plain", {}, "path escapes the site"
        path = os.path.join(self.site, *segments)
        real = os.path.realpath(path)
        if real != self.site and not real.startswith(self.site + os.sep):
            return 404, b"", "text/plain", {}, "path escapes the site"
        if os.path.isdir(real):
            if relative and not relative.endswith("/"):
                return 301, b"", "text/html", {"Location": url + "/"}, "folder: redirect to " + url + "/"
            real = os.path.join(real, "index.html")
        if not os.path.isfile(real):
            return 404, b"", "text/html", {}, "no such file in the site"
        with open(real, "rb") as handle:
            body = handle.read()
        extension = os.path.splitext(real)[1].lower()
        return 200, body, CONTENT_TYPES.get(extension, "application/octet-stream"), {}, os.path.relpath(
            real, self.site)


def install_transport(fetcher):
    import requests
    from requests.adapters import BaseAdapter
    from requests.models import Response
    from requests.structures import CaseInsensitiveDict

    class SiteAdapter(BaseAdapter):
        def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
            url = request.url
            status, body, content_type, headers, note = fetcher.resolve(url)
            entry = {"url": url, "status": status, "note": note}
            fetcher.log.append(entry)
            if status is None:
                print("REFUSED fetch of {} ({}): counted as a failure".format(url, note), file=sys.stderr)
                raise requests.ConnectionError(
                    "rosette interop harness: refused to fetch {} ({})".format(url, note), request=request)
            if status >= 400:
                print("MISSING {} -> {} ({}): counted as a failure".format(url, status, note), file=sys.stderr)
            response = Response()
            response.status_code = status
            response.reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(status, "")
            response.headers = CaseInsensitiveDict(headers)
            response.headers["Content-Type"] = content_type
            response.headers["Content-Length"] = str(len(body))
            response._content = body
            response.encoding = "utf-8" if "charset=utf-8" in content_type or "json" in content_type else None
            response.url = url
            response.request = request
            return response

        def close(self):
            pass

    adapter = SiteAdapter()
    requests.Session.get_adapter = lambda self, url: adapter


NETWORK_ATTEMPTS = []


def disable_sockets():
    def refuse(*args, **kwargs):
        NETWORK_ATTEMPTS.append(repr(args)[:200])
        print("REFUSED real network access {}: counted as a failure".format(repr(args)[:200]), file=sys.stderr)
        raise OSError("network access is disabled by the rosette interop harness")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def freeze_validator_clock(now):
    """Makes the validator's `datetime.now()` (its only clock, in ASSERTION_TIMESTAMP_CHECKS) return `now`."""
    import openbadges.verifier.tasks.validation as validation_tasks

    if getattr(validation_tasks, "datetime", None) is not _dt.datetime:
        raise UsageError("cannot fix the validator's clock: openbadges.verifier.tasks.validation.datetime "
                         "is not datetime.datetime (unexpected openbadges version)")

    class FrozenDatetime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz) if tz is not None else now.astimezone().replace(tzinfo=None)

    validation_tasks.datetime = FrozenDatetime


# ---------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------

def _strings(value):
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class Harness:
    def __init__(self, args):
        self.args = args
        self.site = args.site
        self.base_url = args.base_url
        self.now = args.now
        self.problems = []  # not tied to one award
        self.verbose = args.verbose
        self.log_buffer = io.StringIO()

    def setup(self):
        try:
            import openbadges  # noqa: F401
            from openbadges.verifier import verify
            from openbadges.verifier.openbadges_context import (OPENBADGES_CONTEXT_V2_DICT,
                                                                OPENBADGES_CONTEXT_V2_URI)
            from openbadges.verifier.utils import CachableDocumentLoader
            from pyld import jsonld
        except ImportError as error:
            raise UsageError(
                "the openbadges validator is not importable ({}); run tests/interop/ob2/setup.sh and use "
                "target/interop/ob2-venv/bin/python".format(error))
        try:
            from importlib.metadata import version
            self.validator_version = version("openbadges")
        except Exception:  # pragma: no cover
            self.validator_version = "unknown"
        self.verify = verify
        contexts = {OPENBADGES_CONTEXT_V2_URI: json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode("utf-8")}
        self.fetcher = Fetcher(self.site, self.base_url, contexts)
        install_transport(self.fetcher)
        # PyLD's own default loader (urllib) is used by any jsonld call made without the
        # validator's loader: route it through `requests` and so through SiteAdapter too.
        jsonld.set_document_loader(CachableDocumentLoader(use_cache=False))
        disable_sockets()
        if self.args.now_given:
            freeze_validator_clock(self.now)
        # The validator logs tracebacks of crashed tasks; keep them for --verbose.
        logger = logging.getLogger("openbadges.verifier")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.StreamHandler(self.log_buffer))
        logger.propagate = False

    def run_validator(self, url, recipient_profile=None):
        """One in-process verification; returns (report, fetch log, validator log)."""
        self.fetcher.log = []
        self.log_buffer.seek(0)
        self.log_buffer.truncate()
        # use_cache=False: every verification reads the files afresh, with plain
        # requests.Session objects (the default in-memory requests_cache would only add
        # an old caching layer between the validator and SiteAdapter).
        result = self.verify(url, recipient_profile=dict(recipient_profile) if recipient_profile else None,
                             use_cache=False, cache_backend=None)
        return result["report"], list(self.fetcher.log), self.log_buffer.getvalue()

    def fetch_problems(self, fetches):
        problems = []
        for entry in fetches:
            if entry["status"] is None:
                problems.append("validator fetched {} ({}): refused".format(entry["url"], entry["note"]))
            elif entry["status"] >= 400:
                problems.append("validator fetched {}: {} ({})".format(entry["url"], entry["status"], entry["note"]))
        return problems

    # -- revocation lists ---------------------------------------------------------------
    def load_revocation_lists(self):
        """{award URL: revocations.json path} from every issuers/*/revocations.json."""
        listed = {}
        for path in sorted(glob.glob(os.path.join(self.site, "issuers", "*", "revocations.json"))):
            try:
                with open(path, encoding="utf-8") as handle:
                    data = json.load(handle)
            except (OSError, ValueError) as error:
                self.problems.append("{}: not readable JSON: {}".format(path, error))
                continue
            entries = data.get("revokedAssertions") if isinstance(data, dict) else None
            if not isinstance(entries, list):
                self.problems.append("{}: revokedAssertions is not a list".format(path))
                continue
            for entry in entries:
                entry_id = entry.get("id") if isinstance(entry, dict) else entry
                if isinstance(entry_id, str):
                    listed[entry_id] = os.path.relpath(path, self.site)
        return listed

    # -- one award ----------------------------------------------------------------------
    def check_award(self, award_id, revocation_lists, recipient):
        url = "{}awards/{}/ob2.json".format(self.base_url, award_id)
        path = os.path.join(self.site, "awards", award_id, "ob2.json")
        record = {"award": award_id, "url": url, "kind": None, "expected": None, "harness_verdict": None,
                  "validator": None, "recipient": None, "wrong_recipient": None, "fetches": [],
                  "problems": [], "notes": [], "ok": False}
        problems = record["problems"]
        doc = None
        try:
            with open(path, encoding="utf-8") as handle:
                doc = json.load(handle)
        except (OSError, ValueError) as error:
            problems.append("cannot read {} as JSON: {}".format(path, error))
        if doc is not None and not isinstance(doc, dict):
            problems.append("{} is not a JSON object".format(path))
            doc = None
        doc = doc or {}

        if doc and doc.get("id") != url:
            problems.append("id is {!r}, but the document is served at {}".format(doc.get("id"), url))

        # What is this award, according to its own JSON?
        revoked = doc.get("revoked", False)
        if revoked not in (True, False):
            problems.append("revoked must be a JSON boolean, got {!r}".format(revoked))
        expires = doc.get("expires")
        expires_at = parse_rfc3339(expires) if expires is not None else None
        if revoked is True:
            kind = "revoked"
        elif expires_at is not None and expires_at < self.now:
            kind = "expired"
        else:
            kind = "valid"
        record["kind"] = kind
        record["expected"] = "valid" if kind == "valid" else "invalid"

        # The validator's verdict.
        report, fetches, vlog = self.run_validator(url)
        record["validator"] = {
            "valid": bool(report.get("valid")),
            "errorCount": report.get("errorCount", 0),
            "warningCount": report.get("warningCount", 0),
            "messages": report.get("messages", []),
            "openBadgesVersion": report.get("openBadgesVersion"),
        }
        if self.verbose and vlog:
            record["validator"]["log"] = vlog
        record["fetches"] = fetches
        problems.extend(self.fetch_problems(fetches))
        errors = [m for m in report.get("messages", []) if m.get("messageLevel") == "ERROR"]

        listed_in = revocation_lists.get(url)
        if kind == "revoked":
            # The harness judges it (the validator does not look at `revoked`, issue #236).
            record["harness_verdict"] = "invalid"
            if record["validator"]["valid"]:
                record["notes"].append("the validator reports this revoked assertion as valid "
                                       "(upstream issue #236); judged invalid by this harness")
            else:
                record["notes"].append("the validator reports it invalid ({} error(s)); judged invalid by this "
                                       "harness because of revoked: true".format(len(errors)))
            if not listed_in:
                problems.append("revoked: true, but missing from every issuers/*/revocations.json")
        else:
            if listed_in:
                problems.append("listed as revoked in {} but its JSON does not say revoked: true "
                                "(hosted verifiers would accept it)".format(listed_in))
            if kind == "expired":
                expiry_errors = [m for m in errors if m.get("name") == "ASSERTION_TIMESTAMP_CHECKS"
                                 and "expired" in str(m.get("result", ""))]
                other_errors = [m for m in errors if m not in expiry_errors]
                record["harness_verdict"] = "invalid" if not record["validator"]["valid"] else "valid"
                if record["validator"]["valid"]:
                    problems.append("expired on {} but the validator judged it valid".format(expires))
                elif not expiry_errors:
                    problems.append("expired on {} but the validator reported no expiry error".format(expires))
                if other_errors:
                    problems.append("besides expiry, the validator reported {} other error(s)".format(
                        len(other_errors)))
            else:
                record["harness_verdict"] = "valid" if record["validator"]["valid"] and not errors else "invalid"
                if not record["validator"]["valid"] or errors:
                    problems.append("the validator judged it invalid with {} error(s)".format(len(errors)))

        # Recipient confirmation.
        if recipient is not None and recipient.get("badge") is not None and kind != "revoked":
            expected_badge = "{}badges/{}/ob2.json".format(self.base_url, recipient["badge"])
            actual_badge = doc.get("badge")
            if isinstance(actual_badge, dict):
                actual_badge = actual_badge.get("id")
            if actual_badge != expected_badge:
                problems.append("{} says this award is of badge {}, but its badge is {!r}".format(
                    self.args.recipients, recipient["badge"], actual_badge))
        if recipient is not None:
            recipient = {k: v for k, v in recipient.items() if k in IDENTIFIER_KEYS}
            if "email" in recipient and recipient["email"].strip().lower() != recipient["email"]:
                record["notes"].append("recipient e-mail {!r} passed to the validator normalised as {!r} "
                                       "(the validator does not normalise)".format(
                                           recipient["email"], recipient["email"].strip().lower()))
                recipient = {"email": recipient["email"].strip().lower()}
            if kind == "revoked":
                record["notes"].append("recipient not checked: a revoked stub carries no recipient")
            else:
                record["recipient"] = self.check_recipient(url, recipient, expect_confirmed=True)
                problems.extend(record["recipient"]["problems"])

        record["ok"] = not problems
        return record

    def check_recipient(self, url, profile, expect_confirmed):
        report, fetches, _ = self.run_validator(url, recipient_profile=profile)
        (id_type, value), = profile.items()
        reported = report.get("recipientProfile")
        confirmed = reported == {id_type: value}
        recipient_errors = [m for m in report.get("messages", [])
                            if m.get("name") == "VERIFY_RECIPIENT_IDENTIFIER" and m.get("messageLevel") == "ERROR"]
        result = {"profile": dict(profile), "confirmed": confirmed, "reportedRecipientProfile": reported,
                  "messages": recipient_errors, "problems": self.fetch_problems(fetches)}
        if expect_confirmed and not confirmed:
            detail = recipient_errors[0]["result"] if recipient_errors else "no recipientProfile in the report"
            result["problems"].append("recipient {} {} not confirmed by the validator: {}".format(
                id_type, value, detail))
        if not expect_confirmed:
            if confirmed or reported:
                result["problems"].append("WRONG recipient {} {} was confirmed by the validator ({})".format(
                    id_type, value, reported))
            elif not recipient_errors:
                result["problems"].append("WRONG recipient {} {}: the validator reported no recipient "
                                          "mismatch error".format(id_type, value))
        return result

    # -- links the validator never follows --------------------------------------------------
    def check_site_links(self):
        """Every OB 2.0 document is served at its own `id`, and every URL under --base-url in
        it resolves. The validator fetches only the assertion, its BadgeClass and badge
        image, and the issuer Profile: the issuer image, the revocation list and any other
        link would otherwise never be looked at."""
        patterns = ["issuers/*/ob2.json", "issuers/*/revocations.json", "badges/*/ob2.json", "awards/*/ob2.json"]
        checked = 0
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(self.site, *pattern.split("/")))):
                relative = os.path.relpath(path, self.site).replace(os.sep, "/")
                try:
                    with open(path, encoding="utf-8") as handle:
                        doc = json.load(handle)
                except (OSError, ValueError) as error:
                    self.problems.append("{}: not readable JSON: {}".format(relative, error))
                    continue
                served_at = self.base_url + relative
                if not isinstance(doc, dict) or doc.get("id") != served_at:
                    self.problems.append("{}: id is {!r}, but the document is served at {}".format(
                        relative, doc.get("id") if isinstance(doc, dict) else None, served_at))
                for url in sorted(set(_strings(doc))):
                    if url.startswith(self.base_url) and url != served_at:
                        checked += 1
                        status = self.fetcher.resolve(url)[0]
                        if status != 200:
                            self.problems.append("{} links to {}, which the site does not serve ({})".format(
                                relative, url, status))
        return checked

    # -- the whole site -------------------------------------------------------------------
    def run(self):
        award_ids = sorted(os.path.basename(os.path.dirname(p))
                           for p in glob.glob(os.path.join(self.site, "awards", "*", "ob2.json")))
        recipients = self.args.recipients_map or {}
        for award_id in sorted(set(recipients) - set(award_ids)):
            self.problems.append("{} lists award {}, which the site does not have".format(
                self.args.recipients, award_id))
        revocation_lists = self.load_revocation_lists()
        records = [self.check_award(a, revocation_lists, recipients.get(a)) for a in award_ids]

        wrong = None
        if recipients:
            # One award whose recipient was confirmed: a WRONG identifier must not be.
            candidates = [r for r in records if r["recipient"] and r["recipient"]["confirmed"]]
            candidates.sort(key=lambda r: (r["kind"] != "valid", "email" not in r["recipient"]["profile"],
                                           r["award"]))
            if candidates:
                target = candidates[0]
                (id_type, value), = target["recipient"]["profile"].items()
                if id_type == "email":
                    wrong_value = "not-" + value
                elif id_type == "url":
                    wrong_value = value.rstrip("/") + "-not-the-recipient"
                else:
                    wrong_value = value + "0"
                target["wrong_recipient"] = self.check_recipient(
                    target["url"], {id_type: wrong_value}, expect_confirmed=False)
                target["problems"].extend(target["wrong_recipient"]["problems"])
                target["ok"] = not target["problems"]
                wrong = target["award"]
            else:
                self.problems.append("no listed recipient was confirmed, so the wrong-recipient check "
                                     "could not run")

        links_checked = self.check_site_links()
        if NETWORK_ATTEMPTS:
            self.problems.append("{} attempt(s) to use the real network".format(len(NETWORK_ATTEMPTS)))
        validated = [r for r in records if r["kind"] == "valid" and r["ok"]]
        if not validated:
            self.problems.append("no award that is neither revoked nor expired was validated successfully")
        ok = not self.problems and all(r["ok"] for r in records) and bool(validated)
        return {
            "ok": ok,
            "validator": {"package": "openbadges", "version": self.validator_version},
            "site": self.site,
            "base_url": self.base_url,
            "now": self.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "recipients": self.args.recipients,
            "summary": {
                "awards": len(records),
                "passed": sum(1 for r in records if r["ok"]),
                "failed": sum(1 for r in records if not r["ok"]),
                "valid": sum(1 for r in records if r["kind"] == "valid"),
                "expired": sum(1 for r in records if r["kind"] == "expired"),
                "revoked": sum(1 for r in records if r["kind"] == "revoked"),
                "recipients_confirmed": sum(1 for r in records if r["recipient"] and r["recipient"]["confirmed"]),
                "recipients_checked": sum(1 for r in records if r["recipient"]),
                "wrong_recipient_award": wrong,
                "network_attempts": len(NETWORK_ATTEMPTS),
                "site_links_checked": links_checked,
            },
            "problems": self.problems,
            "awards": records,
        }


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------

def render(result, out):
    def p(line=""):
        print(line, file=out)

    p("Open Badges 2.0 interop: official 1EdTech validator (openbadges {}), in-process".format(
        result["validator"]["version"]))
    p("site {}  base URL {}  now {}".format(result["site"], result["base_url"], result["now"]))
    p()
    rows = [("AWARD", "JSON SAYS", "EXPECTED", "VALIDATOR", "HARNESS", "RECIPIENT", "RESULT")]
    for r in result["awards"]:
        v = r["validator"]
        validator = "{} ({}E {}W)".format("valid" if v["valid"] else "invalid", v["errorCount"], v["warningCount"])
        if r["recipient"] is None:
            recipient = "-"
        else:
            recipient = "confirmed" if r["recipient"]["confirmed"] else "NOT confirmed"
            if r["wrong_recipient"] is not None:
                recipient += ", wrong one " + ("CONFIRMED" if r["wrong_recipient"]["confirmed"] else "rejected")
        rows.append((r["award"], r["kind"], r["expected"], validator, r["harness_verdict"], recipient,
                     "PASS" if r["ok"] else "FAIL"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        p("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())

    for r in result["awards"]:
        messages = r["validator"]["messages"]
        if not (r["problems"] or messages or r["notes"]):
            continue
        p()
        p("{} [{}] {}".format("FAIL" if not r["ok"] else "pass", r["award"], r["url"]))
        for problem in r["problems"]:
            p("  problem: " + problem)
        for note in r["notes"]:
            p("  note: " + note)
        recorded = " (recorded only: the harness judges revoked awards)" if r["kind"] == "revoked" else ""
        for m in messages:
            p("  validator{} {} {}: {}".format(recorded, m.get("messageLevel"), m.get("name"), m.get("result")))
        for check in (r["recipient"], r["wrong_recipient"]):
            if check:
                for m in check["messages"]:
                    if check is r["wrong_recipient"]:
                        p("  wrong recipient, validator says (expected): {}".format(m.get("result")))
                    elif not check["confirmed"]:
                        p("  recipient, validator {}: {}".format(m.get("name"), m.get("result")))
        if r["validator"].get("log"):
            p("  validator log:")
            for line in r["validator"]["log"].rstrip().splitlines():
                p("    " + line)
    if result["problems"]:
        p()
        for problem in result["problems"]:
            p("problem: " + problem)
    s = result["summary"]
    p()
    p("{} award(s): {} valid, {} expired, {} revoked; recipients confirmed {}/{}; {} site link(s) checked{}".format(
        s["awards"], s["valid"], s["expired"], s["revoked"], s["recipients_confirmed"], s["recipients_checked"],
        s["site_links_checked"],
        "; wrong recipient tried on " + s["wrong_recipient_award"] if s["wrong_recipient_award"] else ""))
    p("ob2-interop: {} passed, {} failed".format(s["passed"], s["failed"] + len(result["problems"])))
    p("OK" if result["ok"] else "FAILED")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Validate every award of a built rosette site with the official OB 2.0 validator.")
    parser.add_argument("--site", required=True, help="the built site folder (e.g. site-example/public)")
    parser.add_argument("--base-url", required=True, help="the base URL the site was built for")
    parser.add_argument("--recipients", help="TOML file: award id -> recipient e-mail (or url) to confirm")
    parser.add_argument("--now", help="RFC 3339 date-time used as 'now' by this script and the validator")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout (report on stderr)")
    parser.add_argument("--verbose", action="store_true", help="include the validator's internal log")
    args = parser.parse_args(argv)

    try:
        if not os.path.isdir(args.site):
            raise UsageError("--site {} is not a folder".format(args.site))
        if not os.path.isdir(os.path.join(args.site, "awards")):
            raise UsageError("--site {} has no awards/ folder: is it a built site?".format(args.site))
        args.site = os.path.abspath(args.site)
        args.base_url = normalise_base_url(args.base_url)
        args.now_given = args.now is not None
        if args.now is not None:
            parsed = parse_rfc3339(args.now)
            if parsed is None:
                raise UsageError("--now must be an RFC 3339 date-time with a zone, e.g. 2026-01-01T00:00:00Z; "
                                 "got {!r}".format(args.now))
            args.now = parsed
        else:
            args.now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
        args.recipients_map = load_recipients(args.recipients) if args.recipients else None
        harness = Harness(args)
        harness.setup()
    except UsageError as error:
        print("validate.py: error: {}".format(error), file=sys.stderr)
        return EXIT_USAGE

    result = harness.run()
    render(result, sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump(result, sys.stdout, indent=2, sort_keys=False, default=str)
        sys.stdout.write("\n")
    return EXIT_OK if result["ok"] else EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
