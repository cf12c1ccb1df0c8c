//! Where in a page a value sits (issue 18): two context rules that `judge.rs` applies
//! after a value has been judged to look like a secret. Pure.
//!
//! - **Command output** ([`in_output`]): a value printed by a command, in a fenced
//!   code block that is a shell transcript (lines after a `$ `, `# ` or `> ` prompt
//!   are output, unless they continue the command: a trailing `\`, an open quote, a
//!   here-document), or in a block that is an HTTP response (`200 OK`,
//!   `HTTP/1.1 200 OK` first), or in a block the sentence before it calls example
//!   output (`Example response:`). A value on a command line is still a value the
//!   author typed, and is judged as such.
//! - **A block called an example** ([`in_block_called_example`]): the sentence that
//!   introduces a fenced code block names the block an example or a sample ("Here is
//!   a minimal configuration example:", "Below is the example of the secret:"). Not
//!   "For example:", which introduces what the reader is to type, and only for
//!   assigned values and JWTs (`judge.rs`): a token of a known format or a private
//!   key in an example block is still refused.
//!   A comment line that holds JSON (`# {"token": "…"}` under a `curl` command) is
//!   the command's response shown as a comment: output too.
//! - **Shown as output** ([`shown_as_output`]): the page prints the same value as
//!   command output somewhere (a session token a login command returned), so where it
//!   is used again, in the next command's header, it is that output, not a secret
//!   the author holds.
//! - **Called an example** ([`called_an_example`]): the page gives the same value in
//!   its prose, as inline code, in a sentence that says so before it (`e.g.`,
//!   `for example`, `such as`, `sample`): the author said it is an example.

use std::sync::LazyLock;

use regex::Regex;

/// A fenced code block: where its opening fence line starts, and its body.
struct Fence<'a> {
    open: usize,
    body: &'a str,
    /// Where `body` starts in the text.
    body_start: usize,
}

/// The fenced code block (``` or ~~~, closed by a fence of the same character at least
/// as long) whose body holds `offset`, if any.
fn fence_around(text: &str, offset: usize) -> Option<Fence<'_>> {
    let mut open: Option<(u8, usize, usize, usize)> = None; // (char, length, open, body)
    let mut start = 0;
    while start <= text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end].trim();
        let run = |c: u8| line.bytes().take_while(|&b| b == c).count();
        match open {
            None => {
                if start > offset {
                    return None;
                }
                let (c, n) = if run(b'`') >= 3 {
                    (b'`', run(b'`'))
                } else {
                    (b'~', run(b'~'))
                };
                if n >= 3 {
                    open = Some((c, n, start, (end + 1).min(text.len())));
                }
            }
            Some((c, n, at, body)) => {
                let closes = run(c) >= n && line.bytes().all(|b| b == c);
                if closes || end == text.len() {
                    let stop = if closes { start } else { text.len() };
                    if (body..stop).contains(&offset) {
                        return Some(Fence {
                            open: at,
                            body: &text[body..stop],
                            body_start: body,
                        });
                    }
                    if closes {
                        open = None;
                    }
                }
            }
        }
        if end == text.len() {
            break;
        }
        start = end + 1;
    }
    None
}

/// Whether the value at `offset` is command output: in a fenced code block that is an
/// HTTP response, that the sentence before it calls example output, or that is a
/// shell transcript with the value on a line that is not (part of) a command.
pub(crate) fn in_output(text: &str, offset: usize) -> bool {
    let Some(fence) = fence_around(text, offset) else {
        return false;
    };
    if is_http_response(fence.body)
        || intro_says_output(&text[..fence.open])
        || follows_a_command_said_to_print_it(text, fence.open)
    {
        return true;
    }
    let at = offset - fence.body_start;
    if json_comment_line(line_at(fence.body, at)) {
        return true;
    }
    let lines = transcript_lines(fence.body);
    if !lines.iter().any(|l| l.prompt) {
        return false;
    }
    lines
        .iter()
        .find(|l| l.range.contains(&at) || l.range.end == at)
        .is_some_and(|l| !l.command)
}

/// The block opening at `open` comes right after a shell block (blank lines between)
/// that the paragraph before it introduces with the word output: "The keys can be
/// found in the output of running the following command:", `radosgw-admin user
/// info` in a `console` block, then the JSON it prints in a block of its own.
fn follows_a_command_said_to_print_it(text: &str, open: usize) -> bool {
    static SAYS_OUTPUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:output|prints?|returns?)\b")
            .expect("invariant: the output-word regex compiles")
    });
    const SHELLS: [&str; 7] = [
        "console",
        "bash",
        "sh",
        "shell",
        "shell-session",
        "zsh",
        "powershell",
    ];
    let before = text[..open].trim_end();
    let closing_at = before.rfind('\n').map_or(0, |i| i + 1);
    let closing = before[closing_at..].trim();
    let is_fence = |c: char| closing.len() >= 3 && closing.chars().all(|x| x == c);
    if closing_at == 0 || !(is_fence('`') || is_fence('~')) {
        return false;
    }
    let Some(prev) = fence_around(text, closing_at - 1) else {
        return false;
    };
    let info = text[prev.open..].lines().next().unwrap_or("");
    let lang = info
        .trim()
        .trim_start_matches(['`', '~'])
        .split_whitespace()
        .next();
    if !lang.is_some_and(|l| SHELLS.contains(&l.trim_start_matches('{').trim_start_matches('.'))) {
        return false;
    }
    let intro = text[..prev.open].trim_end();
    let para = intro.rfind("\n\n").map_or(intro, |i| &intro[i + 2..]);
    SAYS_OUTPUT.is_match(last_chars(para, 300))
}

/// Whether the page prints `value` as command output anywhere ([`in_output`]).
pub(crate) fn shown_as_output(text: &str, value: &str) -> bool {
    !value.is_empty() && text.match_indices(value).any(|(at, _)| in_output(text, at))
}

/// The line of `body` that holds byte `at`.
fn line_at(body: &str, at: usize) -> &str {
    let start = body[..at].rfind('\n').map_or(0, |k| k + 1);
    let end = body[at..].find('\n').map_or(body.len(), |k| at + k);
    &body[start..end]
}

/// A comment line that holds a JSON object or array: `# {"header": …, "token": "…"}`,
/// `// [{"id": 1}]`: a response shown under the command that returned it.
fn json_comment_line(line: &str) -> bool {
    let line = line.trim_start();
    let Some(rest) = line.strip_prefix('#').or_else(|| line.strip_prefix("//")) else {
        return false;
    };
    let rest = rest.trim();
    (rest.starts_with("{\"") || rest.starts_with("[{") || rest.starts_with("[\""))
        && (rest.ends_with('}') || rest.ends_with(']'))
}

/// The first non-empty line is an HTTP status line: `HTTP/1.1 200 OK`, `HTTP/2 201`,
/// or a bare `200 OK`.
fn is_http_response(body: &str) -> bool {
    static STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:HTTP/[0-9](?:\.[0-9])? [1-5][0-9]{2}(?: .*)?|[1-5][0-9]{2} [A-Z][A-Za-z '-]*)$",
        )
        .expect("invariant: the status-line regex compiles")
    });
    body.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| STATUS.is_match(l))
}

/// The paragraph right before a code block (`before` ends at its opening fence) calls
/// the block example output: `Example output:`, `a sample response`.
fn intro_says_output(before: &str) -> bool {
    static OUTPUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:example|sample)s?\s+(?:output|responses?|results?)\b")
            .expect("invariant: the example-output regex compiles")
    });
    let before = before.trim_end();
    let para = before.rfind("\n\n").map_or(before, |i| &before[i + 2..]);
    OUTPUT.is_match(last_chars(para, 200))
}

/// Whether the value at `offset` is in a fenced code block that the paragraph before it
/// introduces as an example or a sample: the paragraph ends with `:` and says
/// `example`/`sample` other than in "for example".
pub(crate) fn in_block_called_example(text: &str, offset: usize) -> bool {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\bfor\s+)?\b(?:examples?|samples?)\b")
            .expect("invariant: the example-block regex compiles")
    });
    let Some(fence) = fence_around(text, offset) else {
        return false;
    };
    let before = text[..fence.open].trim_end();
    let para = before.rfind("\n\n").map_or(before, |i| &before[i + 2..]);
    let intro = last_chars(para, 200);
    intro.ends_with(':') && NAMED.captures_iter(intro).any(|c| c.get(1).is_none())
}

/// The end of `s`, at most `n` bytes long, cut at a character boundary.
fn last_chars(s: &str, n: usize) -> &str {
    let mut from = s.len().saturating_sub(n);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// A line of a code block read as a shell transcript.
struct TranscriptLine {
    /// Its byte range in the block.
    range: std::ops::Range<usize>,
    /// It starts with a prompt (`$ `, `> `; `# ` counts as a command line but, being
    /// a comment in most code, does not make a block a transcript on its own).
    prompt: bool,
    /// It is a command line, or continues one.
    command: bool,
}

/// The lines of `body`, each marked command or output.
fn transcript_lines(body: &str) -> Vec<TranscriptLine> {
    let mut out = Vec::new();
    let mut state = Shell::default();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        let text = &body[range.clone()];
        let (prompt, root, rest) = match strip_prompt(text) {
            Some((root, rest)) => (!root, root, rest),
            None => (false, false, text),
        };
        let command = state.continues() || prompt || root;
        if let Some(delimiter) = &state.heredoc {
            if text.trim() == delimiter {
                state.heredoc = None;
            }
        } else if command {
            state.read(rest);
        }
        out.push(TranscriptLine {
            range,
            prompt,
            command,
        });
    }
    out
}

/// The command after a prompt, and whether the prompt was `# ` (root's, or a
/// comment). Prompts: `$ `, `> `, `# `, `user@host:dir$ `, `[user@host dir]# `.
fn strip_prompt(line: &str) -> Option<(bool, &str)> {
    static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[ \t]*(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[\w.-]+@[^\]]+\])?([$#>])(?:[ \t]|$)",
        )
        .expect("invariant: the prompt regex compiles")
    });
    let caps = PROMPT.captures(line)?;
    let whole = caps.get(0).expect("invariant: a match has group 0");
    let root = &caps[1] == "#" && whole.as_str().trim_start().starts_with('#');
    Some((root, &line[whole.end()..]))
}

/// What a command line leaves open for the lines after it.
#[derive(Default)]
struct Shell {
    /// The quote a string was opened with and not yet closed.
    quote: Option<char>,
    /// The line ended with `\`.
    backslash: bool,
    /// The delimiter of a here-document whose lines come next.
    heredoc: Option<String>,
}

impl Shell {
    fn continues(&self) -> bool {
        self.quote.is_some() || self.backslash || self.heredoc.is_some()
    }

    /// Reads one line of a command (roughly as `sh` does: quotes, `\`, `#` comments,
    /// `<<WORD`).
    fn read(&mut self, line: &str) {
        static HEREDOC: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"<<-?[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?"#)
                .expect("invariant: the here-document regex compiles")
        });
        let mut chars = line.chars();
        let mut prev_blank = true;
        self.backslash = false;
        while let Some(c) = chars.next() {
            match (self.quote, c) {
                (Some('\''), '\'') | (Some('"'), '"') => self.quote = None,
                (Some('"') | None, '\\') => {
                    // Escapes the next character; at the end of the line, continues it.
                    let escaped = chars.next();
                    self.backslash = escaped.is_none() && self.quote.is_none();
                }
                (None, '\'' | '"') => self.quote = Some(c),
                (None, '#') if prev_blank => break,
                _ => {}
            }
            prev_blank = c.is_whitespace();
        }
        if self.quote.is_none()
            && let Some(caps) = HEREDOC.captures(line)
        {
            self.heredoc = Some(caps[1].to_string());
        }
    }
}

/// Whether the page calls `value` an example: it appears, as inline code outside any
/// fenced code block, after `e.g.`, `for example`, `for instance`, `such as`,
/// `example` or `sample` in the same sentence (at most 100 bytes after the word).
pub(crate) fn called_an_example(text: &str, value: &str) -> bool {
    if value.len() < 8 {
        return false;
    }
    let quoted = format!("`{value}`");
    text.match_indices(&quoted)
        .any(|(i, _)| fence_around(text, i).is_none() && example_said_before(&text[..i]))
}

/// The sentence that `before` ends in names an example just before its end.
fn example_said_before(before: &str) -> bool {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\be\.g\.|\beg\.|\bfor (?:example|instance)\b|\bexamples?\b|\bsamples?\b|\bsuch as\b)")
            .expect("invariant: the example-marker regex compiles")
    });
    static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[.!?](?:\s|$)|\n[ \t]*\n").expect("invariant: the sentence regex compiles")
    });
    let window = last_chars(before, 300);
    let Some(marker) = MARKER.find_iter(window).last() else {
        return false;
    };
    let rest = &window[marker.end()..];
    rest.len() <= 100 && !SENTENCE_END.is_match(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::rules::scan_text;
    use crate::secrets::rules::tests::{ALNUM, fake};

    fn token() -> String {
        fake("", ALNUM, 32, 1801)
    }

    /// The value's offset in `text` (its last occurrence).
    fn at(text: &str, value: &str) -> usize {
        text.rfind(value).unwrap()
    }

    #[test]
    fn a_transcript_line_without_a_prompt_is_output() {
        let t = token();
        let text = format!(
            "```bash\n$ curl -s https://api.internal/session\n{{\"token\": \"{t}\"}}\n```\n"
        );
        assert!(in_output(&text, at(&text, &t)));
        assert!(scan_text(&text).is_empty());
        // The same line in a block with no prompt is a value the author wrote.
        let plain =
            format!("```bash\ncurl -s https://api.internal/session\n{{\"token\": \"{t}\"}}\n```\n");
        assert!(!in_output(&plain, at(&plain, &t)));
        assert_eq!(scan_text(&plain).len(), 1);
    }

    #[test]
    fn a_block_right_after_a_command_said_to_print_it_is_output() {
        let key = fake("", ALNUM, 20, 1811);
        let secret = fake("", ALNUM, 40, 1812);
        let encoded = crate::secrets::rules::tests::b64;
        // rook's multisite guide: the keys a command prints, then the Secret made of them.
        let text = format!(
            "The access key and the secret key can be found in the output of running the following command:\n\n\
             ```console\nradosgw-admin user info --uid=\"realm-a-system-user\"\n```\n\n\
             ```json\n{{\n  \"keys\": [{{\"access_key\": \"{key}\", \"secret_key\": \"{secret}\"}}]\n}}\n```\n\n\
             Then base64 encode each of the keys:\n\n\
             ```yaml\napiVersion: v1\nkind: Secret\ndata:\n  access-key: {}\n  secret-key: {}\n```\n",
            encoded(&key),
            encoded(&secret)
        );
        assert!(in_output(&text, at(&text, &key)));
        assert_eq!(scan_text(&text), Vec::new(), "{text}");
        // Without the word, the JSON is a value the author wrote; and so is a block
        // after one that is not a shell's.
        for intro in [
            "Run the following command:\n\n```console\nradosgw-admin user info\n```\n\n",
            "Its output is:\n\n```yaml\nkind: User\n```\n\n",
        ] {
            let text = format!("{intro}```json\n{{\"secret_key\": \"{secret}\"}}\n```\n");
            assert!(!in_output(&text, at(&text, &secret)), "{text}");
            assert_eq!(scan_text(&text).len(), 1, "{text}");
        }
    }

    #[test]
    fn a_value_on_a_command_line_is_not_output() {
        let t = token();
        for text in [
            format!("```\n$ curl -H \"X-Api-Token: {t}\" https://api.internal\nok\n```\n"),
            format!("```\n$ export API_TOKEN={t}\n$ run\n```\n"),
            format!("```\n# export API_TOKEN={t}\nok\n```\n"),
            format!("```\nroot@db:~$ export API_TOKEN={t}\n```\n"),
            // Continued by `\`, by an open quote, by a here-document.
            format!("```\n$ deploy \\\n    --token={t}\nok\n```\n"),
            format!(
                "```\n$ curl -d '{{\n  \"token\": \"{t}\"\n}}' https://api.internal\nok\n```\n"
            ),
            format!("```\n$ cat <<EOF > .env\nAPI_TOKEN={t}\nEOF\n$ ls\n```\n"),
        ] {
            assert!(!in_output(&text, at(&text, &t)), "{text}");
            assert_eq!(scan_text(&text).len(), 1, "{text}");
        }
        // After the here-document ends, lines are output again.
        let text = format!("```\n$ cat <<'EOF' > a\nx\nEOF\napi_token: {t}\n```\n");
        assert!(in_output(&text, at(&text, &t)));
    }

    #[test]
    fn a_hash_comment_alone_does_not_make_a_transcript() {
        let t = token();
        let text = format!("```bash\n# Set the token\nexport API_TOKEN={t}\n```\n");
        assert!(!in_output(&text, at(&text, &t)));
        assert_eq!(scan_text(&text).len(), 1);
    }

    #[test]
    fn a_json_response_shown_as_a_comment_is_output_and_its_value_may_be_reused() {
        let t = "sssvIpwfnLAcWAQH.9";
        let text = format!(
            "```bash\ncurl -L http://localhost:2379/v3/auth/authenticate \\\n  -X POST -d '{{\"name\": \"root\", \"password\": \"pass\"}}'\n# {{\"header\":{{\"revision\":\"1\"}},\"token\":\"{t}\"}}\n```\n\nThen:\n\n```bash\ncurl -L http://localhost:2379/v3/kv/put \\\n  -H 'Authorization: {t}' \\\n  -X POST -d '{{}}'\n```\n"
        );
        let first = text.find(t).unwrap();
        assert!(in_output(&text, first));
        assert!(
            !in_output(&text, at(&text, t)),
            "the header is a command line"
        );
        assert!(shown_as_output(&text, t));
        assert!(scan_text(&text).is_empty(), "{:?}", scan_text(&text));
        // Without the response, the header's value is the author's: refused.
        let alone = text[text.find("Then:").unwrap()..].to_string();
        assert!(!shown_as_output(&alone, t));
        assert_eq!(scan_text(&alone).len(), 1);
        // A comment that is prose, not JSON, is not output.
        let prose = format!(
            "```bash\n# the token is {{\"not json\nexport API_TOKEN={}\n```\n",
            token()
        );
        assert_eq!(scan_text(&prose).len(), 1);
    }

    #[test]
    fn an_http_response_block_is_output() {
        let t = token();
        for status in ["200 OK", "HTTP/1.1 200 OK", "HTTP/2 201"] {
            let text = format!("```\n{status}\n\n{{\n  \"token\": \"{t}\"\n}}\n```\n");
            assert!(in_output(&text, at(&text, &t)), "{status}");
            assert!(scan_text(&text).is_empty(), "{status}");
        }
        // A request body is not a response.
        let text = format!("```\nPOST /v1/tokens\n\n{{\"token\": \"{t}\"}}\n```\n");
        assert!(!in_output(&text, at(&text, &t)));
        assert_eq!(scan_text(&text).len(), 1);
    }

    #[test]
    fn a_block_introduced_as_example_output_is_output() {
        let t = token();
        let text = format!("Example response:\n\n```json\n{{\"token\": \"{t}\"}}\n```\n");
        assert!(in_output(&text, at(&text, &t)));
        assert!(scan_text(&text).is_empty());
        // "For example" introduces what the reader types, not output.
        let text = format!("For example:\n\n```json\n{{\"token\": \"{t}\"}}\n```\n");
        assert!(!in_output(&text, at(&text, &t)));
        assert_eq!(scan_text(&text).len(), 1);
    }

    #[test]
    fn a_block_the_page_names_an_example_passes_assigned_values() {
        let t = token();
        for intro in [
            "Here is a minimal configuration example for running the server:",
            "Below is the example of the secret after reconciliation:",
            "A sample values file:",
        ] {
            let text = format!("{intro}\n\n```yaml\nclient_secret: {t}\n```\n");
            assert!(in_block_called_example(&text, at(&text, &t)), "{intro}");
            assert!(
                scan_text(&text).is_empty(),
                "{intro}: {:?}",
                scan_text(&text)
            );
        }
        for intro in [
            "For example:",
            "Set the secret, for example:",
            "See the example above. Then run this",
            "Run this:",
        ] {
            let text = format!("{intro}\n\n```yaml\nclient_secret: {t}\n```\n");
            assert!(!in_block_called_example(&text, at(&text, &t)), "{intro}");
            assert_eq!(scan_text(&text).len(), 1, "{intro}");
        }
        // Not a block: a value after the sentence is judged as any other.
        let text = format!("An example:\n\nclient_secret: {t}\n");
        assert!(!in_block_called_example(&text, at(&text, &t)));
    }

    #[test]
    fn a_token_of_a_known_format_in_an_example_block_is_still_refused() {
        let t = format!("ghp_{}", fake("", ALNUM, 36, 77));
        let text = format!("An example configuration:\n\n```yaml\ntoken: {t}\n```\n");
        assert_eq!(scan_text(&text).len(), 1);
    }

    #[test]
    fn a_value_outside_a_code_block_is_not_output() {
        let t = token();
        let text = format!("```\n$ ls\n```\n\napi_token: {t}\n");
        assert!(!in_output(&text, at(&text, &t)));
        let open = format!("```\n$ ls\napi_token: {t}\n");
        assert!(
            in_output(&open, at(&open, &t)),
            "an unclosed block runs to the end"
        );
    }

    #[test]
    fn a_value_the_prose_calls_an_example_passes() {
        let t = token();
        let code = format!("```\ncurl -H \"X-Api-Token: {t}\" https://api.internal\n```\n");
        for prose in [
            format!("We need a token (e.g.\n`{t}`)."),
            format!("A token, for example `{t}`, goes in the header."),
            format!("Tokens such as `{t}` are accepted."),
            format!("Here is a sample token: `{t}`."),
        ] {
            let text = format!("{prose}\n\n{code}");
            assert!(called_an_example(&text, &t), "{prose}");
            assert!(scan_text(&text).is_empty(), "{prose}");
        }
        assert_eq!(scan_text(&code).len(), 1);
    }

    #[test]
    fn an_example_word_elsewhere_does_not_make_a_value_an_example() {
        let t = token();
        let code = format!("```\ncurl -H \"X-Api-Token: {t}\" https://api.internal\n```\n");
        for prose in [
            // The sentence ended before the value.
            format!("See the example above. Our token is `{t}`."),
            // Another paragraph.
            format!("For example:\n\nOur token is `{t}`."),
            // Not inline code: prose only counts as code spans.
            format!("A token, for example {t}, goes in the header."),
            // In a code block, not prose.
            format!("```\n# for example `{t}`\n```"),
            // Too far from the word.
            format!(
                "For example, {} `{t}`",
                "the token that the team keeps ".repeat(4)
            ),
        ] {
            let text = format!("{prose}\n\n{code}");
            assert!(!called_an_example(&text, &t), "{prose}");
            assert!(!scan_text(&text).is_empty(), "{prose}");
        }
    }

    #[test]
    fn no_input_panics() {
        for text in ["", "```", "```\n", "~~~\n$", "é`é", "```\n$ '\n"] {
            let _ = in_output(text, 0);
            let _ = in_output(text, text.len());
            let _ = called_an_example(text, "é`é");
        }
    }
}
