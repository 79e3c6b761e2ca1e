//! Shell-like command lines: `sh -c 'echo "hi there"'` ⇄ `["sh","-c","echo \"hi there\""]`.
//! A small POSIX-style subset (the shell-words crate would do the same): whitespace separates
//! words, single quotes are literal, double quotes allow `\"`, `\\`, `\$` and `` \` ``, a
//! backslash outside quotes escapes the next character. No variables, globs or comments: the
//! words go to the container as they are.

/// Splits a line into words.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    // A word exists once anything (even `''`) was seen since the last separator.
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err("a single quote (') is not closed".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => word.push(ch),
                            Some(ch) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err("a double quote (\") is not closed".to_string()),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err("a double quote (\") is not closed".to_string()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(ch) => {
                    in_word = true;
                    word.push(ch);
                }
                None => return Err("the line ends with a lone backslash".to_string()),
            },
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Quotes a word so [`split`] gives it back unchanged.
pub fn quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Joins words into a line that splits back into them.
pub fn join(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
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
    fn unterminated_quotes_and_trailing_backslash_are_errors() {
        assert!(split("echo 'oops").unwrap_err().contains("single quote"));
        assert!(split("echo \"oops").unwrap_err().contains("double quote"));
        assert!(split("echo \"oops\\").unwrap_err().contains("double quote"));
        assert!(split("echo oops\\").unwrap_err().contains("backslash"));
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
