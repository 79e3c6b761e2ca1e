//! End to end: switching region and profile inside tecs, remembered for the next start, and
//! the overview of every region, in a pseudo-terminal against moto.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

/// A home of the test's own: AWS config with two profiles, tecs's config and state directories.
fn home(name: &str, config_toml: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tecs-e2e-context-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("aws")).expect("aws dir");
    std::fs::create_dir_all(home.join("config/tecs")).expect("config dir");
    std::fs::write(
        home.join("aws/config"),
        "[default]\nregion = us-east-1\n\n[profile mumbai-ops]\nregion = ap-south-1\n",
    )
    .expect("aws config");
    std::fs::write(home.join("aws/credentials"), "").expect("credentials");
    std::fs::write(home.join("config/tecs/config.toml"), config_toml).expect("tecs config");
    home
}

fn env(home: &Path, account: &str) -> Vec<(String, String)> {
    let p = |s: &str| home.join(s).to_string_lossy().to_string();
    vec![
        ("AWS_ACCESS_KEY_ID".into(), "test".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "test".into()),
        ("TECS_EMULATOR_ACCOUNT_ID".into(), account.into()),
        ("AWS_CONFIG_FILE".into(), p("aws/config")),
        ("AWS_SHARED_CREDENTIALS_FILE".into(), p("aws/credentials")),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_STATE_HOME".into(), p("state")),
    ]
}

/// tecs with no region or profile flag: the config file, then what was chosen last, decide.
fn spawn(home: &Path, account: &str) -> TuiSession {
    let url = moto_url();
    let log = home.join("tecs.log").to_string_lossy().to_string();
    let env = env(home, account);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &["--endpoint-url", &url, "--log-file", &log],
        &env,
        80,
        24,
    )
}

fn create(clients: &tecs::aws::Clients, clusters: &[(&str, &str)]) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        for (region, name) in clusters {
            clients
                .ecs_in(region)
                .create_cluster()
                .cluster_name(*name)
                .send()
                .await
                .expect("create cluster");
        }
    });
}

fn command(tui: &TuiSession, line: &str) {
    tui.send(":");
    tui.wait_for(":", WAIT).unwrap_or_else(|e| panic!("{e}"));
    tui.send(line);
    tui.key_enter();
}

#[test]
fn region_and_profile_switch_in_place_and_the_next_start_opens_there() {
    let (account, clients) = fresh_clients();
    create(
        &clients,
        &[
            ("us-east-1", "virginia"),
            ("us-east-2", "ohio"),
            ("ap-south-1", "mumbai"),
        ],
    );
    let home = home("switch", "region = \"us-east-1\"\n");
    let tui = spawn(&home, &account);
    tui.wait_for("virginia", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    command(&tui, "region us-east-2");
    let screen = tui.wait_for("ohio", WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("region us-east-2"), "{screen}");
    assert!(
        !screen.contains("virginia"),
        "the old region's rows are gone:\n{screen}"
    );

    // The picker lists the profiles of the AWS config file with their kind.
    command(&tui, "profile");
    let screen = tui
        .wait_for("mumbai-ops", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("no credentials"), "{screen}");
    assert!(screen.contains("ap-south-1"), "{screen}");
    tui.send("/mumbai");
    tui.key_enter();
    tui.key_enter();
    // A new profile lands in its own region.
    let screen = tui
        .wait_for("mumbai ", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        screen.contains("profile mumbai-ops") && screen.contains("region ap-south-1"),
        "{screen}"
    );
    // Remembered once the account answered with the new profile's credentials.
    let file = home.join("state/tecs/last-used.toml");
    let start = std::time::Instant::now();
    while start.elapsed() < WAIT
        && !std::fs::read_to_string(&file).is_ok_and(|t| t.contains("mumbai-ops"))
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let remembered = std::fs::read_to_string(&file).expect("remembered");
    assert!(remembered.contains("mumbai-ops"), "{remembered}");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));

    // The next start opens there, although the config file says us-east-1.
    let tui = spawn(&home, &account);
    let screen = tui
        .wait_for("mumbai ", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("region ap-south-1"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn the_overview_lists_every_configured_region_and_enter_opens_a_cluster_there() {
    let (account, clients) = fresh_clients();
    create(
        &clients,
        &[("us-east-1", "virginia"), ("ap-south-1", "mumbai")],
    );
    let home = home(
        "overview",
        "region = \"us-east-1\"\noverview_regions = [\"us-east-1\", \"ap-south-1\", \"eu-north-1\"]\n",
    );
    let tui = spawn(&home, &account);
    tui.wait_for("virginia", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    command(&tui, "overview");
    let screen = tui
        .wait_for("2 clusters in 3 of 3 regions", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        screen.contains("mumbai") && screen.contains("virginia"),
        "{screen}"
    );
    assert!(
        screen.contains("no clusters"),
        "eu-north-1 has none:\n{screen}"
    );
    tui.send("/mumbai");
    tui.key_enter();
    tui.key_enter();
    let screen = tui
        .wait_until(
            |s| s.contains("region ap-south-1") && s.contains("clusters › mumbai"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("the cluster's page in its region:\n{s}"));
    assert!(screen.contains("services"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    let _ = std::fs::remove_dir_all(&home);
}
