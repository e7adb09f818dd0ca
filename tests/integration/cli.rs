//! The `rosette` binary as a user runs it: exit codes, what it prints, init → build → check.

use std::process::{Command, Output};

use crate::support::{fixture, repo, rosette, rosette_command};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_check_reports_every_problem_and_exits_1() {
    let site = fixture("check_reports_syntax_and_unknown_keys");
    let output = rosette(&["check", "--site", site.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("issuers/club.toml:3:1: error: unknown key `emial`\n  help: did you mean `email`?"), "{err}");
    assert!(err.contains("site.toml:3:1: error: unknown key `langauge`"), "{err}");
    assert!(err.ends_with("error: 5 problems found\n"), "{err}");
}

#[test]
fn cli_init_build_and_check_a_new_site() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("my-badges");
    let site_arg = site.to_str().unwrap();
    let init = rosette(&["init", site_arg]);
    assert!(init.status.success(), "{}", stderr(&init));
    let check = rosette(&["check", "--site", site_arg]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "checked 1 issuer, 1 badge, 1 award, 27 files: no errors, 6 warnings\n"
    );
    // What init leaves as examples is pointed out (tests/integration/scaffold.rs has the texts).
    assert_eq!(stderr(&check).matches(": warning: ").count(), 6, "{}", stderr(&check));
    let build = rosette(&["build", "--site", site_arg, "--base-url", "http://127.0.0.1:8000/"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let profile = std::fs::read_to_string(site.join("public/issuers/my-organisation/ob2.json")).unwrap();
    assert!(profile.contains("\"id\":\"http://127.0.0.1:8000/issuers/my-organisation/ob2.json\""), "{profile}");
    let plain = rosette(&["build", "--site", site_arg]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert!(site.join("public/.nojekyll").is_file());
    let again = rosette(&["init", site_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
}

#[test]
fn cli_build_warns_about_http_but_builds() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let site = fixture("check_warns_but_passes");
    let output = rosette(&["build", "--site", site.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: base_url is not https"), "{}", stderr(&output));
    assert!(out.join("index.html").is_file());
}

#[test]
fn cli_refuses_a_folder_without_site_toml() {
    let output = rosette(&["check", "--site", repo().join("docs").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is not a rosette site: it has no site.toml"), "{}", stderr(&output));
}

/// Runs rosette in `dir`, as a user who typed the command there.
fn rosette_in(dir: &std::path::Path, args: &[&str]) -> Output {
    rosette_command().args(args).current_dir(dir).output().unwrap()
}

#[test]
fn cli_finds_the_site_from_a_sub_folder() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("my-badges");
    assert!(rosette(&["init", site.to_str().unwrap()]).status.success());
    let deep = site.join("awards/first-steps");
    assert!(deep.is_dir());

    let check = rosette_in(&deep, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "checked 1 issuer, 1 badge, 1 award, 27 files: no errors, 6 warnings\n"
    );
    let build = rosette_in(&deep, &["build", "--base-url", "http://127.0.0.1:8000/"]);
    assert!(build.status.success(), "{}", stderr(&build));
    // The output goes to the site's public/, not to the folder the command was typed in.
    assert!(site.join("public/index.html").is_file());
    assert!(!deep.join("public").exists());
    let size = crate::build::published_size(&site.join("public"));
    assert_eq!(
        String::from_utf8_lossy(&build.stdout),
        format!("built 1 issuer, 1 badge, 1 award, 27 files, {size} into ../../public\n")
    );

    // `-s` names the site from anywhere; every command takes it the same way.
    let named = rosette_in(work.path(), &["check", "-s", "my-badges"]);
    assert!(named.status.success(), "{}", stderr(&named));
    let award =
        rosette_in(work.path(), &["award", "first-steps", "--site", "my-badges", "--url", "https://github.com/ada"]);
    assert!(award.status.success(), "{}", stderr(&award));

    // Outside any site: what to do instead.
    let nowhere = rosette_in(work.path(), &["build"]);
    assert_eq!(nowhere.status.code(), Some(1));
    let said = stderr(&nowhere);
    assert!(said.contains(&format!("no site.toml in {} or any folder above it", work.path().display())), "{said}");
    assert!(said.contains("pass --site DIR, or create a site with `rosette init <folder>`"), "{said}");
}

#[test]
fn cli_rejects_a_bad_source_date_epoch() {
    let output = crate::support::rosette_command()
        .args(["check", "--site", fixture("build_golden_site").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("SOURCE_DATE_EPOCH=yesterday"), "{}", stderr(&output));
}

fn verify(public: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let map = format!("https://harbour-club.example/badges/={}", public.display());
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--map", &map]);
    let output = rosette(&all);
    (output.status.code(), format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output)))
}

#[test]
fn cli_verify_tells_valid_revoked_expired_and_tampered_apart() {
    let work = tempfile::tempdir().unwrap();
    let public = crate::sign::build_golden_with_cli(work.path());
    let file = |award: &str, name: &str| public.join("awards").join(award).join(name).to_str().unwrap().to_string();

    let (code, text) = verify(&public, &[&file("h4x9k2m7qa", "credential.json")]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(
            "eddsa-rdfc-2022 proof verifies with did:web:harbour-club.example:badges:issuers:harbour#harbour-2026"
        ),
        "{text}"
    );
    assert!(text.contains("not revoked (status bit 1007 is 0)") && text.ends_with("VALID\n"), "{text}");

    let (code, text) = verify(&public, &[&file("r2d2c3po99", "credential.json")]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("REVOKED: status bit 3007 is set"), "{text}");

    let (code, text) = verify(&public, &[&file("p8w3n5r1tz", "credential.json")]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("expired on 2025-01-10T00:00:00Z"), "{text}");

    let tampered = work.path().join("tampered.json");
    let original = std::fs::read_to_string(file("h4x9k2m7qa", "credential.json")).unwrap();
    let edited = original.replace("\"name\":\"First Program\"", "\"name\":\"First Programme\"");
    assert_ne!(edited, original, "the credential has no name to tamper with");
    std::fs::write(&tampered, edited).unwrap();
    let (code, text) = verify(&public, &[tampered.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("the proof does not verify"), "{text}");

    let (code, text) = verify(&public, &[&file("h4x9k2m7qa", "ob2.json")]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("Open Badges 2.0 assertion") && text.contains("not in the issuer's revocation list"),
        "{text}"
    );
    let (code, text) = verify(&public, &[&file("r2d2c3po99", "ob2.json")]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("REVOKED: Awarded to the wrong member."), "{text}");

    let (code, text) =
        verify(&public, &[&file("h4x9k2m7qa", "credential.json"), "--recipient", "someone@else.example"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("NOT awarded to the given e-mail address"), "{text}");
}

#[test]
fn cli_build_explains_a_missing_wrong_or_misplaced_key() {
    let site = fixture("build_golden_site");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    let (site_arg, out_arg) = (site.to_str().unwrap(), out.to_str().unwrap());

    let missing = crate::support::rosette_command()
        .args(["build", "--site", site_arg, "--out", out_arg])
        .env_remove("ROSETTE_SIGNING_KEY")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no signing key was given"), "{}", stderr(&missing));
    assert!(
        stderr(&missing).ends_with(
            "(outside the site folder)\n  help: to look at the site on this machine without the key: \
             `rosette build --preview` or `rosette serve`\n"
        ),
        "{}",
        stderr(&missing)
    );

    let wrong = rosette(&[
        "build",
        "--site",
        site_arg,
        "--out",
        out_arg,
        "--key-file",
        repo().join("tests/keys/site-example-demo.pem").to_str().unwrap(),
    ]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("does not match any public key in keys/"), "{}", stderr(&wrong));

    let inside = site.join("keys/harbour-2026.toml");
    let misplaced = rosette(&["build", "--site", site_arg, "--out", out_arg, "--key-file", inside.to_str().unwrap()]);
    assert_eq!(misplaced.status.code(), Some(1));
    assert!(stderr(&misplaced).contains("refusing a secret key file inside"), "{}", stderr(&misplaced));

    // A link outside the site that leads to a file inside it is the file inside it.
    #[cfg(unix)]
    {
        let link = work.path().join("key-link.pem");
        std::os::unix::fs::symlink(&inside, &link).unwrap();
        let linked = rosette(&["build", "--site", site_arg, "--out", out_arg, "--key-file", link.to_str().unwrap()]);
        assert_eq!(linked.status.code(), Some(1));
        assert!(stderr(&linked).contains("refusing a secret key file inside"), "{}", stderr(&linked));
    }

    let garbage = work.path().join("garbage.pem");
    std::fs::write(&garbage, "not a key").unwrap();
    let unusable = rosette(&["build", "--site", site_arg, "--out", out_arg, "--key-file", garbage.to_str().unwrap()]);
    assert_eq!(unusable.status.code(), Some(1));
    assert!(stderr(&unusable).contains("does not hold a usable Ed25519 secret key"), "{}", stderr(&unusable));
    assert!(!out.exists(), "nothing was written");

    let from_env = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["build", "--site", site_arg, "--out", out_arg])
        .env("ROSETTE_SIGNING_KEY", std::fs::read_to_string(repo().join("tests/keys/build-golden.pem")).unwrap())
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .output()
        .unwrap();
    assert!(from_env.status.success(), "{}", stderr(&from_env));
    assert!(out.join("awards/h4x9k2m7qa/credential.json").is_file());
}

#[test]
fn cli_keygen_writes_the_public_key_and_keeps_the_secret_out() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    assert!(rosette(&["init", site.to_str().unwrap()]).status.success());
    let printed = rosette(&["keygen", "--site", site.to_str().unwrap(), "--print-secret", "--id", "ci-2026"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let stdout = String::from_utf8_lossy(&printed.stdout);
    assert!(
        stdout.starts_with("-----BEGIN PRIVATE KEY-----") && stdout.trim_end().ends_with("-----END PRIVATE KEY-----"),
        "{stdout}"
    );
    let public = std::fs::read_to_string(site.join("keys/ci-2026.toml")).unwrap();
    assert!(public.contains("public_key = \"z6Mk") && public.contains("created = 2026-11-27"), "{public}");
    assert!(!public.contains("PRIVATE"));
    let inside = rosette(&[
        "keygen",
        "--site",
        site.to_str().unwrap(),
        "--secret-file",
        site.join("secret.pem").to_str().unwrap(),
    ]);
    assert_eq!(inside.status.code(), Some(1));
    assert!(stderr(&inside).contains("refusing a secret key file inside"), "{}", stderr(&inside));
    assert!(!site.join("secret.pem").exists());
    // A second key is a rotation, signed by the first (see keys.rs).
    let current = work.path().join("current.pem");
    std::fs::write(&current, &printed.stdout).unwrap();
    let secret = work.path().join("secret.pem");
    let written = rosette(&[
        "keygen",
        "--site",
        site.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--rotate",
        "--key-file",
        current.to_str().unwrap(),
    ]);
    assert!(written.status.success(), "{}", stderr(&written));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn cli_verify_offline_never_touches_the_network() {
    let output = rosette(&[
        "verify",
        "--offline",
        "https://northfield-badges.github.io/badges/awards/3wcvglf0wv/credential.json",
    ]);
    // Nothing fetched is nothing checked: exit 2, not "not valid".
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(": --offline, and no --map folder answers it\nCOULD NOT CHECK: "), "{stdout}");
    let plain = rosette(&["verify", "http://northfield-badges.github.io/badges/awards/3wcvglf0wv/credential.json"]);
    assert!(
        stderr(&plain).contains("refusing to fetch") && stderr(&plain).contains("over plain http"),
        "{}",
        stderr(&plain)
    );
}

#[test]
fn cli_verify_map_reads_only_inside_the_mapped_folder() {
    let work = tempfile::tempdir().unwrap();
    let public = work.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(work.path().join("secret.json"), "{}").unwrap();
    let inside = format!("a mapped URL must name a file inside {}\n", public.display());
    let cases = [
        ("//dev/zero", "it has an empty path segment (`//`)"),
        ("/issuers//etc/passwd", "it has an empty path segment (`//`)"),
        ("/../secret.json", "it has a `.` or `..` path segment"),
        ("/%2e%2e/secret.json", "it has a `.` or `..` path segment"),
        ("/..%5csecret.json", "a path segment holds a backslash, a colon or a NUL byte"),
    ];
    for (path, why) in cases {
        let url = format!("https://harbour-club.example/badges{path}");
        let (code, text) = verify(&public, &[&url, "--offline"]);
        assert_eq!(code, Some(1), "{text}");
        assert!(text.ends_with(&format!("error: refusing {url}: {why}; {inside}")), "{text}");
    }
}

/// Runs rosette with its standard output on a pipe whose reading end is already closed (as
/// `rosette … | head -1` is once `head` has its line): (exit code, stderr).
fn into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.code(), stderr(&output))
}

#[test]
fn cli_unbake_and_verify_into_a_closed_pipe_exit_quietly() {
    let public = fixture("build_golden_site").join("expected");
    let award = |name: &str| public.join("awards/h4x9k2m7qa").join(name).to_str().unwrap().to_string();
    let map = format!("https://harbour-club.example/badges/={}", public.display());
    // Builds publish no baked image (award pages bake in the browser): bake one here.
    let work = tempfile::tempdir().unwrap();
    let svg = work.path().join("badge.svg");
    let read = |name: &str| std::fs::read_to_string(award(name)).unwrap();
    let image = std::fs::read_to_string(public.join("badges/first-program/image.svg")).unwrap();
    let baked =
        rosette::bake::svg(&image, Some(("https://e.org/ob2.json", &read("ob2.json"))), Some(&read("credential.json")));
    std::fs::write(&svg, baked.unwrap()).unwrap();
    let svg = svg.to_str().unwrap().to_string();
    // Each would print lines to the pipe; the exit code still tells the result.
    let revoked = public.join("awards/r2d2c3po99/credential.json").to_str().unwrap().to_string();
    let runs: [(&[&str], i32); 4] = [
        (&["unbake", &svg], 0),
        (&["unbake", &svg, "--ob2"], 0),
        (&["verify", &award("credential.json"), "--offline", "--map", &map], 0),
        (&["verify", &revoked, "--offline", "--map", &map], 1),
    ];
    for (args, code) in runs {
        let (status, err) = into_closed_pipe(args);
        assert_eq!(status, Some(code), "{args:?} (killed by a signal if None): {err}");
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// `serve` on a folder that is not a site stops at once with the reason (it used to serve an
/// error page forever).
#[test]
fn cli_serve_refuses_a_folder_that_is_not_a_site() {
    let empty = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["serve", "--site", empty.path().to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("serve kept running on a folder that is not a site");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(
        err.contains("is not a rosette site: it has no site.toml (create one with `rosette init <folder>`)"),
        "{err}"
    );
}

/// A port asked for with --port that is busy is an error: serving elsewhere would surprise.
#[test]
fn cli_serve_stops_on_a_busy_explicit_port() {
    let holder = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let site = fixture("build_golden_site");
    let output = rosette(&["serve", "--site", site.to_str().unwrap(), "-p", &port]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("error: port {port} is busy: pick another with --port, or --port 0 for any free port\n")
    );
}

/// Runs `rosette build --preview` outside CI (tests may run in CI), plus `args`.
fn build_preview(site: &std::path::Path, out: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rosette"))
        .args(["build", "--preview", "--site", site.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .env_remove("ROSETTE_SIGNING_KEY")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

/// `build --preview` needs no key: pages say it is a preview, and its credentials verify
/// against the preview's own DID documents (signed by its throwaway key, published nowhere).
#[test]
fn cli_build_preview_signs_with_a_throwaway_key_and_says_so() {
    let work = tempfile::tempdir().unwrap();
    let public = work.path().join("public");
    let site = fixture("build_golden_site");
    let output = build_preview(&site, &public);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "preview build of 1 issuer, 2 badges, 4 awards, 49 files, {} into {} (throwaway key, not for publishing)\n",
            crate::build::published_size(&public),
            public.display()
        )
    );
    for page in ["index.html", "badges/first-program/index.html", "awards/h4x9k2m7qa/index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(html.contains("<div class=\"preview-banner\" role=\"note\">Preview: credentials"), "{page}: {html}");
    }
    let credential = public.join("awards/h4x9k2m7qa/credential.json");
    let (code, text) = verify(&public, &[credential.to_str().unwrap(), "--offline"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(
            "eddsa-rdfc-2022 proof verifies with did:web:harbour-club.example:badges:issuers:harbour#preview"
        ),
        "{text}"
    );
    // Nothing of the site's real key: the preview key replaces it.
    let did = std::fs::read_to_string(public.join("issuers/harbour/did.json")).unwrap();
    assert!(!did.contains("harbour-2026"), "{did}");
}

/// A workflow can never publish a preview: CI=true or GITHUB_ACTIONS=true refuses it.
#[test]
fn cli_build_preview_is_refused_in_ci() {
    let work = tempfile::tempdir().unwrap();
    let site = fixture("build_golden_site");
    for variable in ["CI", "GITHUB_ACTIONS"] {
        let output = Command::new(env!("CARGO_BIN_EXE_rosette"))
            .args(["build", "--preview", "--site", site.to_str().unwrap(), "--out"])
            .arg(work.path().join("public"))
            .env_remove("CI")
            .env_remove("GITHUB_ACTIONS")
            .env(variable, "true")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            stderr(&output),
            format!(
                "error: a preview build is for local eyes: CI builds with the site's key (refusing --preview \
                 because {variable}=true)\n"
            )
        );
        assert!(!work.path().join("public").exists());
    }
}
