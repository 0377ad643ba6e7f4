//! The HTML site: Tera templates filled from the page models.
//!
//! The shipped templates (`templates/` in this repository) are compiled in;
//! a file of the same name in a `--templates` directory replaces one.
//! Templates whose names end in `.html` are HTML-escaped by Tera, so text
//! from the catalog can never become markup.

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use super::{Output, Page, RenderError, RootPage};

/// The shipped templates and static assets, by file name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("page.html", include_str!("../../templates/page.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("status.html", include_str!("../../templates/status.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("site.css", include_str!("../../templates/site.css")),
    ("site.js", include_str!("../../templates/site.js")),
];

/// Names of the files that are copied, not rendered.
const ASSETS: &[&str] = &["site.css", "site.js"];

/// Tera's HTML escaping, writing each run of plain text at once (Tera's
/// own writes byte by byte, an eighth of a large build's time). The same
/// output: `&`, `<`, `>`, `"` and `'` become entities.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

/// The templates in use: the shipped ones, with overrides.
pub struct Templates {
    tera: Tera,
    assets: Vec<(String, String)>,
}

impl Templates {
    /// Loads the shipped templates, replacing each that `dir` also has.
    ///
    /// `dir` itself may be anywhere (the user named it), but a file found
    /// in it that is a link must stay inside `dir` or the `project`: a
    /// link to `/proc/self/environ` or `~/.ssh/id_rsa` would otherwise be
    /// published with the site. Special files (a FIFO, a device) are
    /// refused, not waited on.
    pub fn load(dir: Option<&Path>, project: &Path) -> Result<Templates, RenderError> {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_html);
        let mut assets = Vec::new();
        for (name, shipped) in DEFAULT_TEMPLATES {
            let path = dir
                .map(|d| d.join(name))
                .filter(|p| std::fs::symlink_metadata(p).is_ok());
            let text = match path {
                Some(p) => {
                    let read_error = |reason: String| RenderError::Read {
                        path: p.clone(),
                        reason,
                    };
                    let allowed = [dir.unwrap_or(project), project];
                    if let Some(target) = crate::input::leads_outside(&p, &allowed) {
                        return Err(read_error(format!(
                            "it is a link to {}, outside the templates directory and the project; \
                             copy the file into the templates directory instead",
                            target.display()
                        )));
                    }
                    crate::input::read_to_string(&p)
                        .map_err(|e| read_error(crate::io_reason(&e)))?
                }
                None => (*shipped).to_owned(),
            };
            if ASSETS.contains(name) {
                assets.push(((*name).to_owned(), text));
            } else {
                tera.add_raw_template(name, &text)
                    .map_err(|e| RenderError::Template {
                        name: (*name).to_owned(),
                        message: tera_message(&e),
                    })?;
            }
        }
        Ok(Templates { tera, assets })
    }

    /// Renders a template, refusing output past [`MAX_PAGE`]: a template
    /// that loops (Tera caps `range()` but not nested loops) fails instead of
    /// filling memory.
    pub(super) fn render(&self, name: &str, ctx: &Context) -> Result<String, RenderError> {
        // Pages are a few hundred kilobytes: start there rather than grow
        // (and copy) from nothing.
        let mut out = Capped {
            buf: Vec::with_capacity(256 << 10),
            cap: MAX_PAGE,
        };
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| RenderError::Template {
                name: name.to_owned(),
                message: if out.buf.len() >= MAX_PAGE {
                    format!(
                        "the page grew past {} MiB; does the template loop?",
                        MAX_PAGE >> 20
                    )
                } else {
                    tera_message(&e)
                },
            })?;
        String::from_utf8(out.buf).map_err(|_| RenderError::Template {
            name: name.to_owned(),
            message: "the template produced invalid UTF-8".to_owned(),
        })
    }

    /// Renders one locale page (`page.html`).
    pub fn page(&self, page: &Page) -> Result<Vec<u8>, RenderError> {
        let ctx = Context::from_serialize(page).map_err(|e| RenderError::Template {
            name: "page.html".to_owned(),
            message: tera_message(&e),
        })?;
        Ok(self.render("page.html", &ctx)?.into_bytes())
    }

    /// Renders the root page (`index.html`).
    pub fn root(&self, root: &RootPage) -> Result<Vec<u8>, RenderError> {
        let ctx = Context::from_serialize(root).map_err(|e| RenderError::Template {
            name: "index.html".to_owned(),
            message: tera_message(&e),
        })?;
        Ok(self.render("index.html", &ctx)?.into_bytes())
    }

    /// Renders a page for addresses the site does not have (`404.html`).
    pub fn not_found(&self, page: &super::NotFound) -> Result<Vec<u8>, RenderError> {
        let ctx = Context::from_serialize(page).map_err(|e| RenderError::Template {
            name: "404.html".to_owned(),
            message: tera_message(&e),
        })?;
        Ok(self.render("404.html", &ctx)?.into_bytes())
    }

    /// The static assets, as outputs under `assets/`.
    pub fn assets(&self) -> Vec<Output> {
        self.assets
            .iter()
            .map(|(name, text)| Output {
                path: PathBuf::from("assets").join(name),
                bytes: text.clone().into_bytes(),
            })
            .collect()
    }

    /// Renders the site's HTML files and assets.
    pub fn site(&self, pages: &[Page], root: &RootPage) -> Result<Vec<Output>, RenderError> {
        let mut out = Vec::new();
        for page in pages {
            out.push(Output {
                path: PathBuf::from(&page.lang).join(&page.file),
                bytes: self.page(page)?,
            });
        }
        out.push(Output {
            path: PathBuf::from("index.html"),
            bytes: self.root(root)?,
        });
        out.extend(self.assets());
        Ok(out)
    }
}

/// The largest page a template may produce.
pub const MAX_PAGE: usize = 256 << 20;

/// A buffer that refuses to grow past `cap`.
struct Capped {
    buf: Vec<u8>,
    cap: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.cap {
            self.buf.resize(self.cap, 0);
            return Err(std::io::Error::other("page too large"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's error with its causes, on one line.
fn tera_message(e: &tera::Error) -> String {
    let text = e.to_string();
    let mut msg = text.strip_prefix("error: ").unwrap_or(&text).to_owned();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_matches_teras_own() {
        for s in [
            "",
            "plain",
            "a&b<c>d\"e'f",
            "&&<<",
            "错误码 <b>'x'</b> & \"y\"",
            "'",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(s, &mut ours).unwrap();
            tera::escape_html(s, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }
}
