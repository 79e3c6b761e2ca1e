//! The layers point one way. `aws/` (in the tecs-core crate) cannot import the UI: the crate
//! boundary refuses it at compile time. This test refuses the other direction: nothing on the UI
//! side (screens, widgets, update, state, forms, keymap) names the AWS layer; only the app loop and
//! its jobs (`src/app/`) and start-up (`src/run.rs`) call it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::path::{Path, PathBuf};

const UI_SIDE: &[&str] = &[
    "src/screens",
    "src/widgets",
    "src/update",
    "src/state",
    "src/form",
    "src/keymap",
    "src/ui.rs",
    "src/effect.rs",
    "src/action.rs",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("readable dir") {
            rust_files(&entry.expect("entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn the_ui_side_never_names_the_aws_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for part in UI_SIDE {
        rust_files(&root.join(part), &mut files);
    }
    assert!(files.len() > 20, "found the UI sources: {}", files.len());
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("aws::") || code.contains("tecs_core::aws") {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the UI side must use model/ and domain/ types, not aws/:\n{}",
        offenders.join("\n")
    );
}
