//! The commands the guides show are commands errbook accepts: every
//! `errbook …` in a code block or an inline code span of the README and the
//! guides is parsed by the real `Cli` (placeholders such as DIR and TAG
//! given a value), and every YAML block (workflows, pre-commit and GitLab
//! configurations) is valid YAML.

use clap::Parser;
use errbook::cli::Cli;

const DOCS: &[&str] = &["README.md", "docs/ci.md", "docs/translators.md"];

/// Commands that other guides describe and this test does not know.
const ELSEWHERE: &[&str] = &["serve", "export", "import"];

/// The fenced code blocks of a Markdown text: (info string, body).
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some((info.trim().to_owned(), String::new())),
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// Every `errbook …` command line in a block, cut at shell operators and
/// comments.
fn commands(body: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in body.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("errbook ") {
            let before = rest[..at].trim_end();
            let after = &rest[at..];
            rest = &rest[at + "errbook ".len()..];
            // A command starts a line or follows a shell or YAML lead-in.
            let starts = before.is_empty()
                || ["$", "-", "run:", "exec", "||", "&&", "`"]
                    .iter()
                    .any(|p| before.ends_with(p));
            if !starts {
                continue;
            }
            let end = after
                .find([';', '|', '>', '#', '`', '&'])
                .unwrap_or(after.len());
            let Some(words) = shlex::split(&after[..end]) else {
                continue;
            };
            // `errbook <command> …` with a placeholder such as PAGE.md or
            // DIR is still a command line; `errbook` alone in prose is not.
            if words.len() > 1 && !words[1].starts_with('<') {
                out.push(words);
            }
        }
    }
    out
}

/// The inline code spans outside fenced blocks, with placeholders given a
/// value; spans showing alternatives (`[--out DIR]`, `bash|zsh`) are left
/// out.
fn inline_spans(text: &str) -> Vec<String> {
    // The prose outside fenced blocks as one line: a span may wrap.
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            prose.push_str(line.trim());
            prose.push(' ');
        }
    }
    let mut out = Vec::new();
    for (i, span) in prose.split('`').enumerate() {
        if i % 2 == 1 && !span.contains(['[', '|', '…']) {
            let mut span = span.to_owned();
            for (placeholder, value) in [
                ("PAGE.md", "page.md"),
                ("TABLE.md", "page.md"),
                ("DIR", "dir"),
                ("SHELL", "bash"),
                ("CHECK", "stale"),
                ("TAG", "fr-FR"),
            ] {
                span = span.replace(placeholder, value);
            }
            out.push(span);
        }
    }
    out
}

#[test]
fn every_errbook_command_in_the_guides_parses() {
    let mut seen = 0;
    for doc in DOCS {
        let text = std::fs::read_to_string(doc).unwrap();
        for (info, body) in blocks(&text) {
            if !["sh", "yaml", "", "text"].contains(&info.as_str()) {
                continue;
            }
            for argv in commands(&body) {
                check(doc, &argv, false);
                seen += 1;
            }
        }
        for span in inline_spans(&text) {
            for argv in commands(&span) {
                check(doc, &argv, true);
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 40,
        "only {seen} commands found: is the extraction broken?"
    );
}

fn check(doc: &str, argv: &[String], prose: bool) {
    if ELSEWHERE.contains(&argv[1].as_str()) {
        return;
    }
    use clap::error::ErrorKind;
    if prose && argv.len() == 2 {
        // `errbook explain` in prose names the command: it must exist.
        use clap::CommandFactory;
        assert!(
            Cli::command().find_subcommand(&argv[1]).is_some(),
            "{doc}: no command `errbook {}`",
            argv[1]
        );
        return;
    }
    match Cli::try_parse_from(argv) {
        Ok(_) => {}
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {}
        Err(e) => panic!("{doc}: `{}` does not parse: {e}", argv.join(" ")),
    }
}

#[test]
fn every_yaml_block_in_the_guides_is_valid() {
    let mut seen = 0;
    for doc in DOCS {
        let text = std::fs::read_to_string(doc).unwrap();
        for (info, body) in blocks(&text) {
            if info != "yaml" {
                continue;
            }
            // A fragment (a hook entry) is indented as in its file.
            if let Err(e) = yaml_rust2::YamlLoader::load_from_str(&body) {
                panic!("{doc}: a YAML block does not parse: {e}\n{body}");
            }
            seen += 1;
        }
    }
    assert!(seen >= 5, "{seen}");
}
