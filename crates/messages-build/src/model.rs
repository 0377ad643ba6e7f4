//! The catalog as the runtime needs it: every message of every locale either
//! formatted already (a `&'static str`) or, when it takes arguments, kept for
//! the formatter, as a template of text and arguments or as Fluent source.
//!
//! fluent-bundle is the reference: every text here is what fluent-bundle
//! gives for the locale's `errors.ftl` with Unicode isolation off and the
//! built-in functions added, which is what the differential test checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use errbook_core::catalog::{group_message_id, CodeKind};
use errbook_core::diag::line_col;
use errbook_core::ftl::{FtlFile, ItemKind};
use errbook_core::project::{Loaded, Project};
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentBundle, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// The name of the attribute that holds a hint.
const HINT: &str = "hint";
/// fluent-bundle gives up on a pattern with more placeables than this.
const MAX_PLACEABLES: usize = 100;

/// The catalog.
pub struct Model {
    /// Where the source table is, relative to the project root.
    pub source_path: String,
    /// The codes, in table order.
    pub codes: Vec<Code>,
    /// The rows that document a range of codes (`120001 - 130000`), in
    /// table order: a code inside one that is no code of its own is
    /// answered with the range's message.
    pub ranges: Vec<RangeEntry>,
    /// The source locale's group names, in order of first appearance.
    pub groups: Vec<String>,
    /// The locales, sorted by tag.
    pub locales: Vec<Locale>,
    /// Index of the source locale in `locales`.
    pub source: usize,
}

/// One error code.
pub struct Code {
    /// The code as the table writes it.
    pub text: String,
    /// Its value, when it is a number (decimal or hexadecimal).
    pub number: Option<i128>,
    /// The source-locale message, for documentation.
    pub message: String,
    /// Whether the source has a hint for it.
    pub has_hint: bool,
    /// Index of its group in [`Model::groups`].
    pub group: Option<usize>,
    /// Its attributes (the table's other columns, its alias), by name as
    /// in the source.
    pub attributes: Vec<(String, String)>,
}

/// A range of codes documented by one row.
pub struct RangeEntry {
    /// The first code.
    pub first: i128,
    /// The last code.
    pub last: i128,
}

/// One locale.
pub struct Locale {
    /// The BCP 47 tag.
    pub tag: String,
    /// Its language subtag.
    pub language: String,
    /// True when the tag names a script or variants, so that a request for
    /// the language alone cannot be matched by language alone.
    pub qualified: bool,
    /// The message of each code.
    pub messages: Vec<Text>,
    /// The hint of each code that has one in the source (`None` otherwise).
    pub hints: Vec<Option<Text>>,
    /// The name of each group.
    pub groups: Vec<String>,
    /// The message of each range, as [`Model::ranges`] (one that takes
    /// arguments, which no lookup by number can pass, is the source's).
    pub ranges: Vec<String>,
    /// The Fluent source the runtime needs for the messages that only
    /// fluent-bundle can format: the messages and every term of the file.
    pub runtime_ftl: Option<String>,
}

/// A message's text in one locale.
pub enum Text {
    /// Formatted at build time.
    Static(String),
    /// Takes arguments.
    Dynamic(Dynamic),
}

/// A message that takes arguments.
pub struct Dynamic {
    /// The message id.
    pub id: String,
    /// `Some("hint")` for a hint.
    pub attribute: Option<String>,
    /// The arguments it uses, sorted.
    pub args: Vec<String>,
    /// Text and arguments, when that is all the pattern is; `None` sends it
    /// through fluent-bundle.
    pub template: Option<Vec<Piece>>,
    /// What the `&'static str` lookups return: the source-locale text.
    pub fallback: String,
}

/// Part of a template.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// Text as it is.
    Text(String),
    /// The value of an argument.
    Arg(String),
}

type Bundle = FluentBundle<FluentResource>;

impl Model {
    /// Builds the model of a project that passed its checks; returns the
    /// problems that keep it from being compiled.
    pub fn build(project: &Project) -> Result<Model, Vec<String>> {
        let root = &project.config.root;
        let catalog = &project.extraction.catalog;
        let mut problems = Vec::new();
        let source_path = relative(root, &project.config.source);

        let groups: Vec<String> = catalog.groups().into_iter().map(str::to_owned).collect();
        let mut codes = Vec::with_capacity(catalog.entries.len());
        // A code documented on several rows is answered with its first.
        for e in catalog.entries.iter().filter(|e| e.variant.is_none()) {
            codes.push(Code {
                text: e.code.as_str().to_owned(),
                number: number(e.code.kind()),
                message: e.message.to_string(),
                has_hint: e.hint.is_some(),
                group: e
                    .group
                    .as_ref()
                    .and_then(|g| groups.iter().position(|x| **x == **g)),
                attributes: e
                    .attributes
                    .iter()
                    .map(|a| (a.name.to_string(), a.value.to_string()))
                    .collect(),
            });
        }
        let ranges = catalog.entries.iter().filter_map(range_of).collect();
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut locales = Vec::new();
        let mut source = None;
        for loc in &project.locales {
            // A locale without its catalog file is not shipped (errbook check
            // refuses it unless `missing-file` is allowed).
            let read = project.read_catalog(loc);
            let Some(file) = &read.loaded else { continue };
            if loc.is_source {
                source = Some(locales.len());
            }
            match locale(project, &loc.dir.tag, file) {
                Ok(l) => locales.push(l),
                Err(p) => problems.extend(p),
            }
        }
        let Some(source) = source else {
            problems.push(format!(
                "the source locale {} has no {}",
                project.config.source_locale,
                errbook_core::config::CATALOG_FILE
            ));
            return Err(problems);
        };
        if locales.len() > usize::from(u8::MAX) {
            problems.push(format!(
                "{} locales: at most 255 are supported",
                locales.len()
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Model {
            source_path,
            codes,
            ranges,
            groups,
            locales,
            source,
        })
    }
}

/// Builds one locale.
fn locale(project: &Project, tag: &str, file: &Loaded) -> Result<Locale, Vec<String>> {
    let catalog = &project.extraction.catalog;
    let path = relative(&project.config.root, &file.path);
    let ftl = &file.ftl;
    let at = |span_start: usize| format!("{path}:{}", line_col(&ftl.text, span_start).0);

    let langid = LanguageIdentifier::from_str(tag)
        .map_err(|e| vec![format!("{path}: locale tag `{tag}`: {e}")])?;
    // errbook check reports syntax errors (and entries nested too deep to
    // parse on this thread's stack, which errbook reads as Junk); this is
    // a second line of defence, whatever the configuration allows.
    if let Some(e) = ftl.errors.first() {
        return Err(vec![format!(
            "{}: Fluent syntax error: {}",
            at(e.pos.start),
            e.message
        )]);
    }
    let (resource, errors) = match FluentResource::try_new(ftl.text.to_string()) {
        Ok(r) => (r, Vec::new()),
        Err((r, e)) => (r, e),
    };
    if let Some(e) = errors.first() {
        return Err(vec![format!(
            "{}: Fluent syntax error: {e}",
            at(e.pos.start)
        )]);
    }
    // Nor may formatting a message recurse deeper than an ordinary stack
    // takes, following its references, nor meet more placeables than
    // fluent-bundle formats (EB0221 format-limits).
    if errbook_core::ftl::any_too_deep(resource.entries()) {
        return Err(vec![format!(
            "{path}: a message cannot be formatted safely: with the terms and messages it refers to, its placeables nest more than {} deep or number more than {}, or its references lead back to it; `errbook check` says which (EB0221)",
            errbook_core::ftl::MAX_NESTING,
            errbook_core::ftl::MAX_PLACEABLES
        )]);
    }
    let mut bundle = new_bundle(&langid);
    // Duplicate ids (refused by errbook check unless allowed): as in any
    // fluent-bundle app, the first definition wins.
    let _ = bundle.add_resource(resource);
    let ast = fluent_syntax::parser::parse(ftl.text.as_str()).unwrap_or_else(|(r, _)| r);
    let entries = Entries::new(&ast);

    let mut live: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, m) in ftl.messages().filter(|(i, _)| !ftl.is_obsolete(*i)) {
        // The first definition wins.
        live.entry(m.id()).or_insert(m.id_span.start);
    }

    // The text of a message (or attribute), the fallback when the locale
    // lacks it, or why it cannot be formatted.
    let text_of = |id: &str, attribute: Option<&str>, fallback: &str| -> Result<Text, String> {
        let fallback_text = || Ok(Text::Static(fallback.to_owned()));
        let (Some(&span), Some(msg)) = (live.get(id), entries.messages.get(id)) else {
            return fallback_text();
        };
        let pattern = match attribute {
            None => msg.value.as_ref(),
            Some(a) => msg
                .attributes
                .iter()
                .find(|x| x.id.name == a)
                .map(|x| &x.value),
        };
        let Some(pattern) = pattern else {
            return fallback_text();
        };
        classify(&bundle, &entries, pattern, id, attribute, fallback).map_err(|why| {
            let what = match attribute {
                None => format!("`{id}`"),
                Some(a) => format!("`{id}.{a}`"),
            };
            format!("{}: {what} cannot be formatted: {why}", at(span))
        })
    };

    let mut problems = Vec::new();
    let mut keep = |r: Result<Text, String>, fallback: &str| {
        r.unwrap_or_else(|why| {
            problems.push(why);
            Text::Static(fallback.to_owned())
        })
    };
    let mut messages = Vec::with_capacity(catalog.entries.len());
    let mut hints = Vec::with_capacity(catalog.entries.len());
    // One entry per code: a code documented on several rows (its
    // variants) is answered with its first.
    for e in catalog.entries.iter().filter(|e| e.variant.is_none()) {
        let id = e.code.message_id();
        messages.push(keep(text_of(&id, None, &e.message), &e.message));
        hints.push(
            e.hint
                .as_ref()
                .map(|h| keep(text_of(&id, Some(HINT), h), h)),
        );
    }
    let ranges = catalog
        .entries
        .iter()
        .filter(|e| range_of(e).is_some())
        .map(
            |e| match keep(text_of(&e.message_id(), None, &e.message), &e.message) {
                Text::Static(s) => s,
                Text::Dynamic(d) => d.fallback,
            },
        )
        .collect();
    // Group names are shown as they are; one that takes arguments (which no
    // app could pass) shows the source's name.
    let groups = catalog
        .groups()
        .into_iter()
        .map(|g| match keep(text_of(&group_message_id(g), None, g), g) {
            Text::Static(s) => s,
            Text::Dynamic(_) => g.to_owned(),
        })
        .collect();

    // Cross-check errbook's reading of plain messages with fluent-bundle.
    let mut seen = BTreeSet::new();
    for (_, m) in ftl.messages().filter(|(_, m)| seen.insert(m.id())) {
        if let (Some(plain), Some(msg)) = (&m.value_text(), bundle.get_message(m.id())) {
            if let Some(pattern) = msg.value() {
                let mut errors = Vec::new();
                let formatted = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() && formatted != *plain {
                    println!(
                        "cargo:warning={}: errbook reads `{}` as {plain:?}, fluent-bundle formats \
                         it as {formatted:?}",
                        at(m.id_span.start),
                        m.id()
                    );
                }
            }
        }
    }

    let runtime_ftl = runtime_ftl(ftl, &entries, &messages, &hints);
    if let Some(text) = &runtime_ftl {
        if let Err(why) = check_runtime_ftl(text, &langid, &bundle, &messages, &hints) {
            problems.push(format!(
                "{path}: internal error: the Fluent source kept for run time differs: {why}"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Locale {
        tag: tag.to_owned(),
        language: langid.language.as_str().to_owned(),
        qualified: langid.script.is_some() || langid.variants().len() > 0,
        messages,
        hints,
        groups,
        ranges,
        runtime_ftl,
    })
}

/// The range a catalog entry documents, when it is one of numbers. (A range
/// of text codes, `DIS.5000~DIS.5999`, is not looked up by number.)
fn range_of(e: &errbook_core::catalog::Entry) -> Option<RangeEntry> {
    let last = number(e.range_end.as_ref()?.kind())?;
    let first = number(e.code.kind())?;
    (first <= last).then_some(RangeEntry { first, last })
}

/// The value of a code that is a number, decimal or hexadecimal.
fn number(k: CodeKind) -> Option<i128> {
    match k {
        CodeKind::Number(n) => Some(n),
        CodeKind::Hex(n) => i128::try_from(n).ok(),
        CodeKind::Text => None,
    }
}

/// A bundle set up as the runtime sets its own up.
pub fn new_bundle(langid: &LanguageIdentifier) -> Bundle {
    let mut bundle = FluentBundle::new(vec![langid.clone()]);
    bundle.set_use_isolating(false);
    bundle
        .add_builtins()
        .expect("a new bundle has no functions yet");
    bundle
}

/// The messages and terms of a file, first definition first.
struct Entries<'a> {
    messages: BTreeMap<&'a str, &'a ast::Message<&'a str>>,
    terms: BTreeMap<&'a str, &'a ast::Term<&'a str>>,
}

impl<'a> Entries<'a> {
    fn new(res: &'a ast::Resource<&'a str>) -> Self {
        let mut messages = BTreeMap::new();
        let mut terms = BTreeMap::new();
        for entry in &res.body {
            match entry {
                ast::Entry::Message(m) => {
                    messages.entry(m.id.name).or_insert(m);
                }
                ast::Entry::Term(t) => {
                    terms.entry(t.id.name).or_insert(t);
                }
                _ => {}
            }
        }
        Entries { messages, terms }
    }
}

/// Formats a pattern that needs no arguments, or describes one that does.
fn classify(
    bundle: &Bundle,
    entries: &Entries<'_>,
    pattern: &ast::Pattern<&str>,
    id: &str,
    attribute: Option<&str>,
    fallback: &str,
) -> Result<Text, String> {
    let mut uses = Uses::default();
    uses.pattern(pattern, entries);
    let args = dummy_args(&uses.variables);
    let mut errors = Vec::new();
    let formatted = bundle.format_pattern(pattern, Some(&args), &mut errors);
    if !errors.is_empty() {
        return Err(describe(&errors));
    }
    if uses.variables.is_empty() {
        return Ok(Text::Static(formatted.into_owned()));
    }
    // A template is kept only when it formats exactly as fluent-bundle does.
    let template = compile_template(pattern, entries)
        .filter(|t| render_template(t, &args).as_deref() == Some(formatted.as_ref()));
    Ok(Text::Dynamic(Dynamic {
        id: id.to_owned(),
        attribute: attribute.map(str::to_owned),
        args: uses.variables.into_iter().collect(),
        template,
        fallback: fallback.to_owned(),
    }))
}

fn describe(errors: &[FluentError]) -> String {
    let mut seen = BTreeSet::new();
    errors
        .iter()
        .map(|e| match e {
            FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                id,
            })) => format!("the variable `${id}` is unknown"),
            other => other.to_string(),
        })
        .filter(|s| seen.insert(s.clone()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An argument for every variable: its name in angle brackets, a value no
/// selector matches, so that every pattern formats and templates can be
/// compared with fluent-bundle.
fn dummy_args(variables: &BTreeSet<String>) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for v in variables {
        args.set(v.clone(), FluentValue::from(format!("⟨{v}⟩")));
    }
    args
}

/// The variables a pattern uses and the messages it references, following
/// message references (which see the caller's arguments) but not the insides
/// of terms (whose variables are the term's own parameters).
#[derive(Default)]
struct Uses {
    variables: BTreeSet<String>,
    messages: BTreeSet<String>,
}

impl Uses {
    fn pattern(&mut self, p: &ast::Pattern<&str>, entries: &Entries<'_>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                self.expression(expression, entries);
            }
        }
    }

    fn expression(&mut self, e: &ast::Expression<&str>, entries: &Entries<'_>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector, entries);
                for v in variants {
                    self.pattern(&v.value, entries);
                }
            }
            ast::Expression::Inline(i) => self.inline(i, entries),
        }
    }

    fn inline(&mut self, e: &ast::InlineExpression<&str>, entries: &Entries<'_>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                self.variables.insert(id.name.to_owned());
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                if !self.messages.insert(id.name.to_owned()) {
                    return;
                }
                if let Some(m) = entries.messages.get(id.name) {
                    let target = match attribute {
                        None => m.value.as_ref(),
                        Some(a) => m
                            .attributes
                            .iter()
                            .find(|x| x.id.name == a.name)
                            .map(|x| &x.value),
                    };
                    // The whole message is kept for run time; what it uses
                    // beyond the target is harmless.
                    if let Some(p) = target {
                        self.pattern(p, entries);
                    }
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                self.call(arguments, entries);
            }
            ast::InlineExpression::TermReference { arguments, .. } => {
                if let Some(a) = arguments {
                    self.call(a, entries);
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, entries),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }

    fn call(&mut self, a: &ast::CallArguments<&str>, entries: &Entries<'_>) {
        for p in &a.positional {
            self.inline(p, entries);
        }
        for n in &a.named {
            self.inline(&n.value, entries);
        }
    }
}

/// The template of a pattern made only of text, literals, variables and
/// references to terms whose value is plain text; `None` for anything else.
fn compile_template(p: &ast::Pattern<&str>, entries: &Entries<'_>) -> Option<Vec<Piece>> {
    let mut pieces: Vec<Piece> = Vec::new();
    let push_text = |pieces: &mut Vec<Piece>, s: &str| {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Text(t)) = pieces.last_mut() {
            t.push_str(s);
        } else {
            pieces.push(Piece::Text(s.to_owned()));
        }
    };
    let mut placeables = 0;
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => push_text(&mut pieces, value),
            ast::PatternElement::Placeable { expression } => {
                placeables += 1;
                let ast::Expression::Inline(inline) = expression else {
                    return None;
                };
                match inline {
                    ast::InlineExpression::VariableReference { id } => {
                        pieces.push(Piece::Arg(id.name.to_owned()));
                    }
                    ast::InlineExpression::TermReference {
                        id,
                        attribute: None,
                        arguments: None,
                    } => {
                        let term = entries.terms.get(id.name)?;
                        placeables += term.value.elements.len();
                        push_text(&mut pieces, &literal_text(&term.value)?);
                    }
                    other => push_text(&mut pieces, &literal(other)?),
                }
            }
        }
    }
    (placeables <= MAX_PLACEABLES / 2).then_some(pieces)
}

/// The text of a pattern of text and literals only.
fn literal_text(p: &ast::Pattern<&str>) -> Option<String> {
    let mut out = String::new();
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(i),
            } => out.push_str(&literal(i)?),
            ast::PatternElement::Placeable { .. } => return None,
        }
    }
    Some(out)
}

/// A literal as fluent-bundle writes it: strings unescaped, numbers parsed
/// and written back (`{ 007 }` is `7`, `{ 1.50 }` keeps its two digits).
fn literal(e: &ast::InlineExpression<&str>) -> Option<String> {
    match e {
        ast::InlineExpression::StringLiteral { value } => {
            Some(fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned())
        }
        ast::InlineExpression::NumberLiteral { value } => Some(
            FluentNumber::from_str(value)
                .map(|n| n.as_string().into_owned())
                .unwrap_or_else(|_| (*value).to_owned()),
        ),
        _ => None,
    }
}

/// Formats a template with string arguments, as the runtime does.
fn render_template(t: &[Piece], args: &FluentArgs<'_>) -> Option<String> {
    let mut out = String::new();
    for p in t {
        match p {
            Piece::Text(s) => out.push_str(s),
            Piece::Arg(name) => match args.get(name.as_str())? {
                FluentValue::String(s) => out.push_str(s),
                _ => return None,
            },
        }
    }
    Some(out)
}

/// The Fluent source kept for run time: every term of the file and the
/// messages that only fluent-bundle can format, with the messages they
/// reference; `None` when no message needs it.
fn runtime_ftl(
    ftl: &FtlFile,
    entries: &Entries<'_>,
    messages: &[Text],
    hints: &[Option<Text>],
) -> Option<String> {
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for t in messages.iter().chain(hints.iter().flatten()) {
        if let Text::Dynamic(d) = t {
            if d.template.is_none() {
                needed.insert(d.id.clone());
            }
        }
    }
    if needed.is_empty() {
        return None;
    }
    // Close over message references.
    let mut queue: Vec<String> = needed.iter().cloned().collect();
    while let Some(id) = queue.pop() {
        if let Some(m) = entries.messages.get(id.as_str()) {
            let mut uses = Uses::default();
            for p in m.value.iter().chain(m.attributes.iter().map(|a| &a.value)) {
                uses.pattern(p, entries);
            }
            for r in uses.messages {
                if needed.insert(r.clone()) {
                    queue.push(r);
                }
            }
        }
    }
    let mut out = String::new();
    let mut taken = BTreeSet::new();
    for item in &ftl.items {
        // Messages without their comments; first definitions only, as
        // fluent-bundle reads the file.
        let text = match &item.kind {
            ItemKind::Term(_) => &ftl.text[item.range.clone()],
            ItemKind::Message(m) if needed.contains(m.id()) && taken.insert(m.id().to_owned()) => {
                &ftl.text[m.body_start..m.body_start + m.body_len]
            }
            _ => continue,
        };
        out.push_str(text.trim_end());
        out.push('\n');
    }
    Some(out)
}

/// Checks that the kept source formats every message it is kept for as the
/// whole file does.
fn check_runtime_ftl(
    text: &str,
    langid: &LanguageIdentifier,
    full: &Bundle,
    messages: &[Text],
    hints: &[Option<Text>],
) -> Result<(), String> {
    let resource = FluentResource::try_new(text.to_owned())
        .map_err(|(_, e)| format!("it does not parse: {e:?}"))?;
    let mut small = new_bundle(langid);
    small
        .add_resource(resource)
        .map_err(|e| format!("it cannot be loaded: {}", describe(&e)))?;
    for t in messages.iter().chain(hints.iter().flatten()) {
        let Text::Dynamic(d) = t else { continue };
        if d.template.is_some() {
            continue;
        }
        let args = dummy_args(&d.args.iter().cloned().collect());
        let format = |b: &Bundle| -> Option<String> {
            let m = b.get_message(&d.id)?;
            let p = match &d.attribute {
                None => m.value()?,
                Some(a) => m.get_attribute(a)?.value(),
            };
            let mut errors = Vec::new();
            Some(b.format_pattern(p, Some(&args), &mut errors).into_owned())
        };
        let (a, b) = (format(full), format(&small));
        if a.is_none() || a != b {
            return Err(format!("`{}`: {a:?} ≠ {b:?}", d.id));
        }
    }
    Ok(())
}

/// `path` relative to `root`, with `/` separators, for messages and comments
/// that must not hold absolute paths.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
