//! The real pre-commit framework (from PyPI), pointed at this repository at HEAD, runs the
//! `lblint` hook of `.pre-commit-hooks.yaml`: it rejects a commit of a request with two masters,
//! naming `file:line:col` and the provider's code, and accepts the corrected request.
//!
//! Needs python3 with venv and pip, and git; a missing one fails this test (it never skips).
//! Everything lives under `target/tmp/precommit/`: the venv is made once and reused, and
//! pre-commit's cache and the cargo target dir of its `cargo install` are kept there, so a second
//! run at the same commit does not build lblint again (a new commit rebuilds only lblint).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {shown}: {e} (is it installed? CI needs python3, python3-venv and git)")
    })
}

fn ok(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    let o = run(cmd);
    assert!(
        o.status.success(),
        "{shown} failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The venv with pre-commit, made once.
fn pre_commit(root: &Path) -> PathBuf {
    let venv = root.join("venv");
    let exe = venv.join("bin/pre-commit");
    if !exe.is_file() {
        ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        ok(Command::new(venv.join("bin/python")).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "pre-commit",
        ]));
    }
    assert!(
        exe.is_file(),
        "pip did not install pre-commit into {}",
        venv.display()
    );
    exe
}

/// Commits in `repo` with the hook's environment; the outcome and everything it printed.
fn commit(repo: &Path, message: &str, with_env: &dyn Fn(&mut Command)) -> (Output, String) {
    let mut c = git(repo);
    c.args(["commit", "-m", message]);
    with_env(&mut c);
    let o = run(&mut c);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o, out)
}

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(repo)
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=.git/hooks",
        ])
        .env("GIT_AUTHOR_NAME", "lblint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "lblint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid");
    c
}

const TWO_MASTERS: &str = "\
# An Alibaba CreateMasterSlaveServerGroup request
RegionId: cn-hangzhou
LoadBalancerId: lb-bp1o94dp5i6earr9g6d1l
MasterSlaveServerGroupName: web
MasterSlaveBackendServers:
  - ServerId: i-bp1a
    Port: 80
    ServerType: Master
  - ServerId: i-bp1b
    Port: 80
    ServerType: Master
";

#[test]
fn pre_commit_rejects_two_masters_and_accepts_the_fix() {
    let started = std::time::Instant::now();
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&root).unwrap();
    let exe = pre_commit(&root);

    let rev = String::from_utf8(ok(git(this_repo).args(["rev-parse", "HEAD"])).stdout)
        .unwrap()
        .trim()
        .to_owned();
    let hooks = ok(git(this_repo).args(["show", &format!("{rev}:.pre-commit-hooks.yaml")]));
    assert!(
        String::from_utf8_lossy(&hooks.stdout).contains("id: lblint"),
        "HEAD has no lblint hook"
    );

    let scratch = root.join("scratch");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("requests")).unwrap();
    ok(git(&scratch).args(["init", "--quiet", "--initial-branch=main"]));
    std::fs::write(
        scratch.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: lblint\n",
            this_repo.display()
        ),
    )
    .unwrap();
    // A JSON file that is not a request: the hook sees it and must skip it.
    std::fs::write(
        scratch.join("package.json"),
        "{\"name\": \"web\", \"private\": true}\n",
    )
    .unwrap();
    std::fs::write(scratch.join("requests/group.yaml"), TWO_MASTERS).unwrap();

    let with_env = |c: &mut Command| {
        c.env("PRE_COMMIT_HOME", root.join("home"))
            // `cargo install` builds in its own temp dir unless told: keep the build for reruns.
            .env("CARGO_TARGET_DIR", root.join("cargo-target"))
            // The hook binary need not be LTO-optimised; this halves the one unavoidable build.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env_remove("PRE_COMMIT")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE");
    };
    let mut install = Command::new(&exe);
    install.arg("install").current_dir(&scratch);
    with_env(&mut install);
    ok(&mut install);

    ok(git(&scratch).args(["add", "-A"]));
    let (o, out) = commit(&scratch, "two masters", &with_env);
    assert!(
        !o.status.success(),
        "the hook let two masters through:\n{out}"
    );
    assert!(out.contains("lblint (load-balancer API requests)"), "{out}");
    assert!(
        out.contains("requests/group.yaml:11:17: error[BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE]"),
        "{out}"
    );
    assert!(!out.contains("package.json"), "{out}");

    std::fs::write(
        scratch.join("requests/group.yaml"),
        TWO_MASTERS
            .replacen("ServerType: Master\n", "ServerType: Slave\n", 2)
            .replacen("ServerType: Slave\n", "ServerType: Master\n", 1),
    )
    .unwrap();
    ok(git(&scratch).args(["add", "-A"]));
    let (o, out) = commit(&scratch, "one master, one slave", &with_env);
    assert!(
        o.status.success(),
        "the corrected request was rejected:\n{out}"
    );
    assert!(out.contains("Passed"), "{out}");
    eprintln!(
        "pre-commit test took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
