//! Shell-like command lines: `sh -c 'echo "hi there"'` ⇄ `["sh","-c","echo \"hi there\""]`.
//! Splitting and quoting are the `shell-words` crate's (POSIX shell rules: whitespace separates
//! words, single quotes are literal, double quotes allow `\"`, a backslash outside quotes escapes
//! the next character; no variables, globs or comments: the words go to the container as they
//! are). This module only words its errors for the form and formats the JSON preview.

/// Splits a line into words; the error says which quote is left open.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    shell_words::split(line).map_err(|_| match open_quote(line) {
        Some('"') => "a double quote (\") is not closed".to_string(),
        _ => "a single quote (') is not closed".to_string(),
    })
}

/// The quote left open at the end of `line`, by the rules `shell-words` splits with (the crate's
/// error does not say which one).
fn open_quote(line: &str) -> Option<char> {
    let mut open = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (open, c) {
            (None | Some('"'), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => open = Some(c),
            (Some(q), c) if c == q => open = None,
            _ => {}
        }
    }
    open
}

/// Quotes a word so [`split`] gives it back unchanged.
pub fn quote(word: &str) -> String {
    shell_words::quote(word).into_owned()
}

/// Joins words into a line that splits back into them.
pub fn join(words: &[String]) -> String {
    shell_words::join(words)
}

/// The words as a compact JSON array, as the definition stores them.
pub fn json_array(words: &[String]) -> String {
    serde_json::to_string(words).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).expect(line)
    }

    #[test]
    fn splits_like_a_shell() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   ", &[]),
            ("serve", &["serve"]),
            (
                "  python -m  http.server 8080 ",
                &["python", "-m", "http.server", "8080"],
            ),
            (
                "sh -c 'echo \"hi there\"'",
                &["sh", "-c", "echo \"hi there\""],
            ),
            ("echo \"a b\" c", &["echo", "a b", "c"]),
            ("echo \"say \\\"hi\\\"\"", &["echo", "say \"hi\""]),
            ("echo \"\\$HOME \\n\"", &["echo", "$HOME \\n"]),
            ("a\\ b c", &["a b", "c"]),
            ("''", &[""]),
            ("a '' b", &["a", "", "b"]),
            ("\"\"x", &["x"]),
            ("pre'quoted part'post", &["prequoted partpost"]),
            (
                "CMD-SHELL 'curl -f http://localhost/ || exit 1'",
                &["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
            ),
            ("tab\tseparated", &["tab", "separated"]),
        ];
        for (line, expected) in cases {
            assert_eq!(words(line), *expected, "{line}");
        }
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        for (line, which) in [
            ("echo 'oops", "single quote (')"),
            ("echo \"oops", "double quote (\")"),
            ("echo \"oops\\", "double quote (\")"),
            ("echo \"it's", "double quote (\")"),
            ("echo 'say \"hi' \"x", "double quote (\")"),
            ("echo \\\" 'x", "single quote (')"),
        ] {
            let error = split(line).unwrap_err();
            assert!(error.contains(which), "{line}: {error}");
            assert!(error.contains("not closed"), "{line}: {error}");
        }
        // shell-words keeps a trailing backslash as a character.
        assert_eq!(words("echo oops\\"), ["echo", "oops\\"]);
    }

    #[test]
    fn join_round_trips() {
        let samples: Vec<Vec<String>> = vec![
            vec![],
            vec!["serve".into()],
            vec![
                "sh".into(),
                "-c".into(),
                "echo 'it''s' \"x\" $HOME \\".into(),
            ],
            vec!["".into(), " ".into(), "a\tb".into(), "ünïcode".into()],
            vec![
                "--flag=value,other".into(),
                "/path/to/x.y".into(),
                "a@b%c+d".into(),
            ],
        ];
        for s in samples {
            assert_eq!(words(&join(&s)), s, "{}", join(&s));
        }
        assert_eq!(
            join(&["sh".into(), "-c".into(), "echo hi".into()]),
            "sh -c 'echo hi'"
        );
    }

    #[test]
    fn json_array_shows_the_stored_form() {
        assert_eq!(
            json_array(&words("sh -c 'echo hi'")),
            r#"["sh","-c","echo hi"]"#
        );
        assert_eq!(json_array(&[]), "[]");
    }
}
