//! The registry of checks: every finding errbook can report has one static
//! descriptor here, with a stable code, a name, a default level and its
//! documentation. `docs/checks.md` is generated from this list (and a test
//! fails when it is stale). Codes are never reused: a retired check stays
//! here, marked as no longer emitted.

use serde::Serialize;

/// How serious a finding is. The order matters: `Allow < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; fails only with `--deny warnings`.
    Warning,
    /// Reported; fails the command.
    Error,
}

impl Level {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(Level::Allow),
            "warn" | "warning" => Ok(Level::Warning),
            "error" | "deny" => Ok(Level::Error),
            other => Err(format!(
                "unknown level `{other}`; expected `error`, `warning` or `allow`"
            )),
        }
    }
}

/// Which part of the pipeline a check belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// The source document (the Chinese Markdown table).
    Source,
    /// A locale's Fluent files.
    Locale,
    /// The project setup (configuration, directories).
    Project,
    /// An XLIFF or PO file given to `errbook import`.
    Xliff,
}

/// A check's static descriptor.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable code, e.g. `EB0101`.
    pub code: &'static str,
    /// Stable kebab-case name, used in `errbook.toml`.
    pub name: &'static str,
    /// Level unless configured otherwise.
    pub default_level: Level,
    /// Which input it is about.
    pub area: Area,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Markdown: why it matters and how to fix it.
    pub explanation: &'static str,
}

macro_rules! checks {
    ($( $ident:ident = $code:literal $name:literal $level:ident $area:ident $summary:literal $explanation:literal; )*) => {
        $(
            #[doc = $summary]
            pub static $ident: Check = Check {
                code: $code,
                name: $name,
                default_level: Level::$level,
                area: Area::$area,
                summary: $summary,
                explanation: $explanation,
            };
        )*
        /// Every check, in code order.
        pub static ALL: &[&Check] = &[$(&$ident),*];
    };
}

checks! {
    SOURCE_UNREADABLE = "EB0100" "source-unreadable" Error Source
        "the source document cannot be read"
        "The file named by `source` (default `docs/error-codes.zh-CN.md`) does not exist or cannot be read. \
errbook cannot run without it, so the command exits with status 2. Check the path in `errbook.toml` or `--source`.";
    SOURCE_ENCODING = "EB0101" "source-encoding" Error Source
        "the source document is not valid UTF-8"
        "errbook reads the source as UTF-8 (a BOM is allowed). The diagnostic points at the first byte that is not \
UTF-8. Re-save the file as UTF-8; tables copied from a GBK page are the usual cause.";
    NO_ERROR_TABLE = "EB0102" "no-error-table" Error Source
        "the source document has no error-code table"
        "No Markdown (GFM) table in the document has a column that errbook recognises as the code column \
(错误码, 错误代码, 返回码, 状态码, code, …). Add a header row, or name the column with `--code-column` or \
`extract.code-column` in `errbook.toml`. Raw HTML `<table>`s are not read.";
    SKIPPED_TABLE = "EB0103" "skipped-table" Warning Source
        "a table without a code column was skipped"
        "Pages often hold other tables (response fields, parameters). A table whose header has no recognisable code \
column is not part of the catalog. If it should be, name its code column with `--code-column`.";
    DUPLICATE_CODE = "EB0104" "duplicate-code" Warning Source
        "a code appears on more than one row"
        "A code is the key translators and apps use, so each row's text is kept under its own message id. A row \
that repeats a code with the same message (and hint) is merged into the first. A row that repeats it with \
another message (real pages document one code with several causes) is kept as a variant of the code: its \
id is the code's with the value of a column that tells the rows apart (`error-301600-7`), or its place among \
the code's rows (`error-0-2`); the site shows every row, and the runtime crate answers the code with its \
first row. When the repeating column is not the real key (an HTTP status beside the code), name the unique \
column with `--code-column`. Set `duplicate-code = \"error\"` in errbook.toml to refuse pages whose codes \
repeat.";
    EMPTY_CODE = "EB0105" "empty-code" Warning Source
        "a row of an error table has no code"
        "A row whose code cell is empty, or holds no code at all (`...`, `—`, `其他`, `其余状态码`: a row about \
the codes not listed), is not an entry: it is skipped, its text is not translated, and this warning names \
it. Give it a code if it documents one; delete it if it is filler. A row whose cells are all empty is \
skipped without a word. Raise the level to `error` to refuse such pages.";
    EMPTY_MESSAGE = "EB0106" "empty-message" Warning Source
        "a row's message cell is empty"
        "Every code needs a message; a row with fewer cells than the header has an empty message. The row is \
not read (there is no text to translate), and the rest of the page is: fill the cell in. Set \
`empty-message = \"error\"` in errbook.toml to refuse such pages.";
    INVALID_CODE = "EB0107" "invalid-code" Error Source
        "a row's code cell is not a code"
        "A code is a decimal integer (`60002`, `-10001`), a hexadecimal integer (`0x1A`), or an identifier made \
of ASCII letters, digits, `_`, `.`, `:` and `-` that starts with a letter (`FailedOperation.AccountNotFound`). \
Cells with several codes (`400103/400104`), ranges (`120001 - 130000`) or words are refused: give each code \
its own row.";
    ID_COLLISION = "EB0108" "id-collision" Error Source
        "two codes map to the same Fluent message id"
        "Message ids are derived from codes by replacing `.` and `:` with `_`, so `A.B` and `A_B` collide. Rename \
one of the codes.";
    AMBIGUOUS_COLUMN = "EB0109" "ambiguous-column" Error Source
        "a table's header does not say which column is the message"
        "errbook found the code column but cannot tell which of the other columns holds the message. Name it with \
`--message-column` or `extract.message-column`.";
    MISSING_COLUMN = "EB0110" "missing-column" Error Source
        "a column named in the configuration is in no table"
        "`--code-column`, `--message-column` or `--hint-column` names a header that no table of the document has. \
Check the spelling against the header row.";
    STRAY_ROW = "EB0111" "stray-row" Warning Source
        "a line that looks like a table row is in no table"
        "A line of cells (`| 1001 | 参数错误 |`) that a blank line cuts off from the table above, or that has \
no header and `|---|` line of its own, is a paragraph to Markdown: it is not read, and its code is not in \
the catalog. Remove the blank line before it, or give it a header row; delete it if it is not a row.";
    MERGE_CONFLICT = "EB0112" "merge-conflict" Warning Source
        "the page holds an unresolved merge conflict"
        "Lines such as `<<<<<<< HEAD`, `=======` and `>>>>>>> branch` are left from a git merge. errbook reads \
past the marker lines and keeps the text of both sides, so a row on both sides is read twice (merged when \
it is the same). Resolve the conflict: keep one side and delete the markers.";
    MISSING_TABLE = "EB0113" "missing-table" Error Source
        "a table named in the configuration is not on the page"
        "`--table` or `extract.tables` names a table by the text of the heading above it, or by its number \
(1 is the first table of the page, Markdown or HTML). None of the page's tables has that heading or \
number. `errbook extract --explain` lists the tables with their numbers and headings.";
    CONFLICT_IN_TABLE = "EB0114" "conflict-in-table" Error Source
        "an unresolved merge conflict is inside a table"
        "Git conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) between or beside table rows: the two sides \
disagree on the table's rows, and errbook cannot tell which rows are the table's. Nothing is read or synced \
until the conflict is resolved, so no translation is moved to the obsolete section by mistake. Keep one \
side and delete the markers.";
    LOCALE_TAG = "EB0200" "invalid-locale-tag" Error Locale
        "a locale directory is not named by a canonical BCP 47 tag"
        "Each directory under `locales/` is a locale, named by its BCP 47 language tag in canonical form \
(`en-US`, `ja-JP`, `zh-Hant-TW`). Rename the directory; errbook does not read a locale it cannot name.";
    LOCALE_UNREADABLE = "EB0201" "locale-unreadable" Error Locale
        "a locale file or directory cannot be read"
        "errbook could not read a `.ftl` file or list a locale directory (permissions, a directory where a file \
belongs). The tool cannot check what it cannot read, so it exits with status 2.";
    SYNTAX_ERROR = "EB0202" "syntax-error" Error Locale
        "a Fluent file has a syntax error"
        "The Fluent parser could not read an entry and kept it as Junk. The position is the parser's. errbook \
refuses to rewrite a file that holds Junk (rewriting would drop the broken text), so fix the syntax first.";
    DUPLICATE_ID = "EB0203" "duplicate-id" Error Locale
        "a message id is defined twice in one locale"
        "Fluent uses the first definition and ignores the second, so one of the two translations is silently lost. \
Delete one of them.";
    MISSING_FILE = "EB0204" "missing-file" Error Locale
        "a locale has no catalog file"
        "Each locale directory holds `errors.ftl` (run `errbook sync` to create it) and, when the source locale has \
one, `site.ftl` with the strings of the documentation site.";
    MISSING_MESSAGE = "EB0205" "missing-message" Error Locale
        "a code of the source has no message in a locale"
        "Run `errbook sync`: it adds the message, marked untranslated, where translators will see it.";
    UNTRANSLATED = "EB0206" "untranslated" Error Locale
        "a message is marked untranslated"
        "`errbook sync` adds new codes with the source text and a `# untranslated` comment. Translate the value, \
then delete that comment line.";
    STALE = "EB0207" "stale" Warning Locale
        "a translation was made from an older source text"
        "The `# source:` comment above a translation records the text it was translated from. When the source \
changes, `errbook sync` adds a `# stale, source was:` line with the old text. Update the translation, then \
delete the `stale` line.";
    OBSOLETE = "EB0208" "obsolete-message" Warning Locale
        "a locale keeps a message for a code the source no longer has"
        "`errbook sync` moves messages of removed codes to the obsolete section at the end of the file instead of \
deleting them, so no translation is lost. Delete them once they are no longer needed.";
    EXTRA_MESSAGE = "EB0209" "extra-message" Error Locale
        "a locale has a message the source does not define"
        "A message outside the obsolete section whose id is not in the source: a removed code, or a typo in an \
id. Run `errbook sync` to move it to the obsolete section, or fix the id.";
    EMPTY_VALUE = "EB0210" "empty-value" Error Locale
        "a message has no text"
        "A message whose value (or `.hint`) is empty or only whitespace shows users nothing. Translate it.";
    VARIABLE_MISMATCH = "EB0211" "variable-mismatch" Error Locale
        "a translation uses other variables than the source"
        "A `{ $name }` that the source message does not have is never given a value by the app, and one the \
translation drops loses information. Use the same variables as the source.";
    REFERENCE_MISMATCH = "EB0212" "reference-mismatch" Error Locale
        "a translation references other messages than the source"
        "A message reference (`{ other-message }`) that the source does not have ties the translation to another \
message. Use the same references as the source; terms (`{ -brand }`) are free.";
    MISSING_HINT = "EB0213" "missing-hint" Error Locale
        "a translation lacks the `.hint` attribute the source has"
        "The source row has a hint (处理建议/解决方案). Add a `.hint` attribute with its translation, or run \
`errbook sync` to add it marked untranslated.";
    SOURCE_LOCALE_OUTDATED = "EB0214" "source-locale-outdated" Error Locale
        "the source locale's Fluent file differs from what the table generates"
        "`locales/zh-CN/errors.ftl` is generated from the source table and must not be edited by hand. Run \
`errbook sync` to regenerate it.";
    NO_SOURCE_RECORD = "EB0215" "no-source-record" Warning Locale
        "a translation does not record the source text it was made from"
        "Without a `# source:` comment errbook cannot tell whether the translation is current. Run `errbook sync`: \
it records the current source text and marks the entry stale for review.";
    LOCALE_ENCODING = "EB0216" "locale-encoding" Error Locale
        "a locale file is not valid UTF-8"
        "Fluent files are UTF-8. The diagnostic points at the first byte that is not; re-save the file as UTF-8. \
errbook does not rewrite the file until it is.";
    LOCALE_OUTSIDE = "EB0217" "locale-outside" Error Locale
        "a locale directory or file is a symbolic link that leads outside the project"
        "errbook reads and writes locale files, so it does not follow a link out of the project: sync would \
write through it. Replace the link with the directory itself, or a link within the project.";
    UNKNOWN_TERM = "EB0218" "unknown-term" Error Locale
        "a message uses a term the file does not define"
        "Fluent shows `{-name}` literally when a term is missing. Define the term (`-name = …`) in the same \
file, or write the text instead.";
    NEEDS_REVIEW = "EB0219" "needs-review" Warning Locale
        "a translation is marked for review"
        "A `# review: …` comment marks a translation that no translator has confirmed yet: one that errbook \
seeded from the English column of the source page, or a suggestion. It is used as it is, and counted by \
`errbook stats` until reviewed. Check it against the source text, edit it if needed, then delete the \
`# review:` line. Raise it to an error (`[checks] needs-review = \"error\"` in errbook.toml) to keep \
unreviewed text out of a release.";
    SITE_STRINGS = "EB0220" "site-strings" Warning Locale
        "a locale's site interface would show in another language"
        "The reference site's interface (the filter, the marks, the language switch) comes from errbook's built-in \
strings for 16 languages, chosen by language negotiation, and from `locales/<tag>/site.ftl`, which overrides them \
message by message. When errbook has no built-in strings for a locale's language and its `site.ftl` lacks some, \
those show in English. Add them to `locales/<tag>/site.ftl`, translated from the English ones in \
docs/translators.md.";
    FORMAT_LIMITS = "EB0221" "format-limits" Error Locale
        "a message cannot be formatted safely: too deep, too many placeables, or references that lead back to it"
        "Formatting a message formats the terms and messages it refers to inside its own placeables. errbook \
refuses a message whose placeables, with those of everything it refers to (a level for each reference), nest \
more than 64 deep or number more than 100 in its value or an attribute (on the variant with the most, and a \
referred entry each time it is referred to), or whose references lead back to itself. Formatting it could overflow the stack of the program \
that shows it (the site, an app using errbook-messages); fluent-bundle stops at 100 placeables, and for some \
of them panics; Fluent cannot format a circle. References of an entry to its own patterns (a term that selects on its \
own attribute) add up along the longest way through them; a way that leaves an entry and comes back to it counts as a \
circle. \
Use fewer placeables and fewer levels of terms, or write the text instead.";
    CONFIG = "EB0300" "config" Error Project
        "the configuration is invalid"
        "`errbook.toml` could not be read or holds an unknown key, a bad path or an unknown check name. errbook \
exits with status 2.";
    LOCALES_DIR = "EB0301" "locales-dir" Error Project
        "the locales directory cannot be read"
        "The directory named by `locales` (default `locales/`) does not exist or cannot be listed.";
    WRITE_FAILED = "EB0302" "write-failed" Error Project
        "a file could not be written"
        "errbook writes a temporary file next to the target and renames it into place, so a failed write leaves \
the previous file intact. The message says why the write failed (permissions, disk full).";
    TEMPLATE = "EB0303" "template" Error Project
        "a template could not be read, parsed or rendered"
        "`errbook build` renders the site from Tera templates: the shipped ones, or those of `--templates DIR`. \
The message names the template and Tera's reason (a syntax error, an undefined variable). Start from the \
shipped templates with `errbook build --init-templates DIR`.";
    LOCKED = "EB0304" "locked" Error Project
        "another errbook is writing the same files"
        "`errbook sync`, `import` and `build` take the project's lock, so two runs at once cannot interleave \
their writes, however each names the locales directory (`--locales ../P/locales`, a link). The lock is \
`.errbook/lock` inside the locales directory (a directory that ignores itself in git). The \
second run says which pid it is waiting for and gives up after a minute (`ERRBOOK_LOCK_TIMEOUT` seconds) \
with exit status 2. The lock is an OS file lock: a killed run never leaves it behind. A link or a \
special file in the lock file's place is refused, never followed: remove it.";
    INIT_EXISTS = "EB0305" "init-exists" Error Project
        "errbook init would overwrite a file"
        "`errbook init` writes `errbook.toml`, the source table, the source locale's `errors.ftl` and a CI \
workflow, and never overwrites one that is there: it writes nothing and names them. Move them away, init \
another directory, start from the table already there with `--from` it, or pass `--force` to replace them \
(the other locales' files are never touched; a failed write puts the old files back).";
    XLIFF_UNREADABLE = "EB0400" "xliff-unreadable" Error Xliff
        "the XLIFF or PO file cannot be read"
        "`errbook import` could not open the file it was given (no such file, permissions). Nothing is imported \
and the command exits with status 2.";
    XLIFF_INVALID = "EB0401" "xliff-invalid" Error Xliff
        "the file is not an XLIFF 2.0 document or PO file errbook can read"
        "An XLIFF file is not well-formed XML, is not UTF-8, is not XLIFF 2.0 (namespace \
`urn:oasis:names:tc:xliff:document:2.0`), translates another source language, or holds something \
`errbook export` never writes: a unit without an id or twice the same id, a segment other than `value` and \
`hint`, an inline code other than the `<ph>` placeholders of the Fluent placeables. A PO file breaks the \
format (a string not closed, an unknown escape, a keyword out of order), is not UTF-8 or declares another \
charset, or has an entry errbook never writes: without msgctxt, with plural forms, a msgctxt that is no \
message id (nor `id.hint`), twice the same msgctxt, or a msgstr whose `{` starts no Fluent placeable \
(a literal brace is `{\"{\"}`). The diagnostic points at the place. The file is not imported, or, for a \
unit or entry errbook cannot use, that one is skipped; fix the file or export it again.";
    XLIFF_SOURCE_CHANGED = "EB0402" "xliff-source-changed" Error Xliff
        "a unit's (a PO entry's msgid) source text is no longer the source table's"
        "The source text of the unit or entry differs from the current text of the source table: the table changed \
since the file was exported, so the translation may not fit any more. By default the whole import is \
refused and no file is changed; export again and let the translation tool carry the translations over from \
its translation memory. At level `warning` (`xliff-source-changed = \"warning\"` in `[checks]`) the other \
units are imported and these are skipped. The name is XLIFF's; the check is the same for PO files.";
    XLIFF_UNKNOWN_UNIT = "EB0403" "xliff-unknown-unit" Warning Xliff
        "a unit's id (a PO entry's msgctxt) is not a message of the source"
        "The unit's id (the PO entry's msgctxt) is no message id of the source table: the code was removed \
since the export, or the id was changed. The unit is skipped.";
    XLIFF_INITIAL_TARGET = "EB0404" "xliff-initial-target" Warning Xliff
        "a translation is not marked done (XLIFF state `initial`, PO flag `fuzzy`)"
        "`errbook import` takes an XLIFF target only when its segment's state is `translated`, `reviewed` or \
`final` (XLIFF's default state is `initial`), and a PO msgstr only when the entry is not `fuzzy` (as \
msgfmt leaves fuzzy entries out). Mark the segment translated, or clear the fuzzy flag, in the translation \
tool, then import again; the translation is skipped until then. A fuzzy entry whose msgstr is the one the \
locale file already has is no finding: it is a stale translation nobody touched.";
    XLIFF_HINT_ALONE = "EB0405" "xliff-hint-alone" Warning Xliff
        "a hint is translated but its message is not"
        "The file translates a message's hint (`.hint`) but not the message itself, which the locale file \
still marks untranslated. errbook marks a message untranslated as a whole or only its hint, never only its \
value, so the hint is not imported: translate the message too, then import again.";
    GLOSSARY_MISSING = "EB0500" "glossary-missing" Warning Locale
        "a translation does not render a term of its source as the term base does"
        "The project's term base (`glossary.toml`, see docs/translators.md) gives the approved translations \
of the source's terms per locale. The source text has the term; the translation has none of its approved \
translations, matched as whole words without regard to case, with the variants the term base declares \
(`account`, `accounts`). Where two terms overlap the longer counts (客服管理员, not 客服 in it). Use the \
approved translation; if this message rightly renders the term otherwise, write `# qa-accept: \
glossary-missing <reason>` above it. The check runs on translated, current messages; a locale the term \
base does not name is not checked.";
    GLOSSARY_FORBIDDEN = "EB0501" "glossary-forbidden" Warning Locale
        "a translation uses a variant of a term that the term base forbids"
        "The term base lists, for a term and a locale, variants that must not be used (`operator` for 操作者, \
which the Japanese side uses for 坐席; パラメータ beside パラメーター). The source has the term and the \
translation has the variant, as a whole word. A variant inside an approved translation (パラメータ in \
パラメーター), or that is the approved translation of another term of the same source, is not reported. \
Use the approved translation, or accept it with `# qa-accept: glossary-forbidden <reason>`.";
    QA_NUMBER = "EB0502" "qa-number" Warning Locale
        "the numbers of a translation differ from its source's"
        "Each number of the source text (digits, with any grouping: `1,000` is `1 000`) must be in the \
translation, and the translation has no number the source lacks: a changed limit or count changes what the \
message says. Digits inside identifiers (`H5`, `UTF-8`) are tokens, not numbers. English may write the \
numbers up to ten in words; a digit the source writes as a Chinese numeral (三次) is allowed. Accept an \
exception with `# qa-accept: qa-number <reason>`.";
    QA_TOKEN = "EB0503" "qa-token" Warning Locale
        "an identifier, name or URL of the source is not kept exactly"
        "ASCII words in a Chinese source are identifiers (`SDKAppID`, `qaid`, `AppId`), protocol and format \
names (`HTTP`, `JSON`) and URLs, which a translation keeps as they are. A token in capitals, mixed case \
or with digits, `_`, `.` or `-` must be written exactly; a word in lower case must be kept, its first \
letter may be a capital; a word with only its first letter a capital (`App`, `Token`) is often a loanword \
and may be translated, but a copy of it in another case is reported. A copy in the wrong case is \
reported even beside a right one (`Json` for `JSON`). A plural `s` is allowed in languages written with \
spaces. A token inside a term of the term base is left to the term base in a locale it names; in \
another locale the spellings it approves anywhere are accepted (`SDKAppID` for a source's `SDKAPPID`). \
Accept an exception with `# qa-accept: qa-token <reason>`.";
    QA_INCONSISTENT = "EB0504" "qa-inconsistent" Warning Locale
        "two error messages with the same source text are translated differently"
        "Two codes whose source texts (and hints) are identical get one translation, or readers wonder what \
the difference is. The finding is on the later message and names the first. Make them the same, or, \
when the codes differ in a way the source does not say, write `# qa-accept: qa-inconsistent <reason>`.";
    QA_SAME_AS_SOURCE = "EB0505" "qa-same-as-source" Warning Locale
        "a translation is the source text itself"
        "The value is exactly the source text, without the `# untranslated` mark that says it is still to \
do: a translation was pasted over, or a mark deleted by mistake. Not checked in a locale of the source's \
own language (zh-Hant-TW from zh-CN), nor for a source with no letters of its own script (`HTTP 500`). \
Translate it, or put `# untranslated` back.";
    QA_HAN = "EB0506" "qa-han" Warning Locale
        "a translation has Han characters in a language that does not use them"
        "Han characters in an English, French or Russian translation are Chinese text left in. Languages \
whose writing uses Han (Chinese, Japanese, Korean, or a tag with the script Hani, Hans, Hant, Jpan, Kore) \
are not checked. Translate the text, or accept it with `# qa-accept: qa-han <reason>`.";
    QA_PUNCTUATION = "EB0507" "qa-punctuation" Warning Locale
        "punctuation or spacing against the locale's language"
        "Rules per language. Chinese and Japanese: a half-width `, . : ; ! ?` after their characters, before \
more of them or at the end, is written full-width (。、：；！？). French: `; : ! ?` take a narrow no-break \
space (U+202F) or a no-break space before them, not an ordinary one (where a line may break) nor none. \
Other languages: no space before `, . ; : ! ?`, and no full-width punctuation. In every language: no \
doubled space, and an error message ends with sentence-final punctuation when its source does, or when \
three quarters of the locale's error messages do. Accept an exception with \
`# qa-accept: qa-punctuation <reason>`.";
    GLOSSARY_INVALID = "EB0508" "glossary-invalid" Error Project
        "the term base cannot be read"
        "The term base (`glossary.toml` beside `errbook.toml`, or the file `glossary` names there) is not \
valid TOML, has an unknown key, a term without `source`, a source form two terms share (merge them), a \
locale key that is not a canonical BCP 47 tag, an empty text, a text with a control character, or a text \
both approved and forbidden (texts match without regard to case). Or it cannot be read: it is not a \
regular file (a FIFO, a device, a link to nothing), not UTF-8, or larger than 16 MiB. The diagnostic \
points at the place; errbook exits with status 2. The format is in docs/translators.md.";
    QA_ACCEPT_UNKNOWN = "EB0509" "qa-accept-unknown" Warning Locale
        "a `# qa-accept:` line names no check it can accept"
        "`# qa-accept: <check> <reason>` above a message silences the named QA checks for it. The line's first \
word is not one of them (`glossary-missing`, `glossary-forbidden`, `qa-number`, `qa-token`, `qa-inconsistent`, \
`qa-same-as-source`, `qa-han`, `qa-punctuation`, or their codes): a typo, or a check that cannot be \
accepted this way, so the line silences nothing. Fix the name, or delete the line.";
}

/// True when a finding of this check means errbook could not do its job
/// (exit status 2) rather than that the inputs have a problem (status 1).
pub fn is_fatal(check: &Check) -> bool {
    matches!(check.area, Area::Project)
        || *check == SOURCE_UNREADABLE
        || *check == LOCALE_UNREADABLE
        || *check == XLIFF_UNREADABLE
}

/// Looks a check up by name or code.
pub fn find(name_or_code: &str) -> Option<&'static Check> {
    ALL.iter()
        .copied()
        .find(|c| c.name == name_or_code || c.code.eq_ignore_ascii_case(name_or_code))
}

/// The reference page of all checks, in Markdown (`docs/checks.md`).
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from crates/core/src/registry.rs by `errbook explain --all`. Do not edit. -->\n\
         # Checks\n\n\
         Every finding of `errbook extract`, `sync`, `check` and `import` has a stable code and name. Set a check's level \
         (`error`, `warning` or `allow`) in `errbook.toml`:\n\n\
         ```toml\n[checks]\nstale = \"error\"\nobsolete-message = \"allow\"\n```\n\n\
         `--deny warnings` turns every warning into an error.\n\n\
         | code | name | default | what it finds |\n|---|---|---|---|\n",
    );
    for c in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            c.code,
            c.code.to_lowercase(),
            c.name,
            c.default_level.as_str(),
            c.summary
        ));
    }
    for c in ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}` · default level: {}\n\n{}.\n\n{}\n",
            c.code,
            c.name,
            c.default_level.as_str(),
            capitalise(c.summary),
            c.explanation
        ));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
            assert!(a.code < ALL.get(i + 1).map_or("EB9999", |b| b.code));
        }
    }

    #[test]
    fn find_by_name_or_code() {
        assert_eq!(find("stale").unwrap().code, "EB0207");
        assert_eq!(find("eb0207").unwrap().name, "stale");
        assert!(find("nope").is_none());
    }
}
