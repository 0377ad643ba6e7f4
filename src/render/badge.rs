//! Coverage badges: a small SVG per locale in the style of shields.io
//! (`ja-JP | 87%`), for a README or a dashboard. Deterministic (no fonts are
//! measured: text widths come from a table of Verdana's advances, and
//! `textLength` makes any font fit them), accessible (`role="img"`, an
//! `aria-label` and a `<title>`), and every colour keeps white text at a
//! contrast of at least 4.5:1.

use std::fmt::Write;

use crate::standing::Coverage;

/// The colour of a coverage, by threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Every code translated and current.
    Complete,
    /// 90% or more.
    High,
    /// 75% or more.
    Good,
    /// 50% or more.
    Partial,
    /// Less than half.
    Low,
    /// The source locale: nothing to translate.
    Source,
}

impl Tier {
    /// The tier of a coverage (all codes translated is the only way to be
    /// complete: 99.9% is not).
    pub fn of(c: &Coverage) -> Tier {
        let p = c.percent();
        if c.translated >= c.total {
            Tier::Complete
        } else if p >= 90.0 {
            Tier::High
        } else if p >= 75.0 {
            Tier::Good
        } else if p >= 50.0 {
            Tier::Partial
        } else {
            Tier::Low
        }
    }

    /// The badge's colour for the tier.
    pub fn color(self) -> &'static str {
        match self {
            Tier::Complete => "#1a7f37",
            Tier::High => "#5a7400",
            Tier::Good => "#8a6100",
            Tier::Partial => "#b35900",
            Tier::Low => "#cf222e",
            Tier::Source => "#0969da",
        }
    }
}

/// The whole percent a badge shows, rounded down so that a badge never
/// says 100% before the last code is translated: `87%` for 7 of 8.
pub fn whole_percent(c: &Coverage) -> String {
    if c.total == 0 {
        return "100%".to_owned();
    }
    format!("{}%", c.translated.min(c.total) * 100 / c.total)
}

/// A badge's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    /// The left part (`ja-JP`).
    pub label: String,
    /// The right part (`87%`).
    pub value: String,
    /// The right part's background.
    pub color: &'static str,
    /// What the badge says in words, for `<title>` and `aria-label`
    /// (`ja-JP: 87% translated`).
    pub title: String,
}

impl Badge {
    /// The badge of a translated locale.
    pub fn coverage(tag: &str, c: &Coverage) -> Badge {
        let value = whole_percent(c);
        Badge {
            title: format!(
                "{tag}: {value} translated ({} of {} error codes)",
                c.translated, c.total
            ),
            label: tag.to_owned(),
            color: Tier::of(c).color(),
            value,
        }
    }

    /// The badge of the source locale.
    pub fn source(tag: &str) -> Badge {
        Badge {
            label: tag.to_owned(),
            value: "source".to_owned(),
            color: Tier::Source.color(),
            title: format!("{tag}: the source locale"),
        }
    }

    /// Width of the whole badge in pixels (for `<img width>`).
    pub fn width(&self) -> u32 {
        let (l, v) = self.widths();
        l + v
    }

    fn widths(&self) -> (u32, u32) {
        // 5 px of padding either side of each text, as shields.io does.
        let w = |s: &str| (text_width(s) + 10.0).ceil() as u32;
        (w(&self.label), w(&self.value))
    }

    /// The SVG document.
    pub fn svg(&self) -> String {
        let (lw, vw) = self.widths();
        let width = lw + vw;
        let title = xml_escape(&self.title);
        let label = xml_escape(&self.label);
        let value = xml_escape(&self.value);
        // Text is drawn at 10× and scaled down, as shields.io does, so that
        // positions stay integers.
        let text_len = |s: &str| (text_width(s) * 10.0).round() as u32;
        let (lx, vx) = (lw * 5, lw * 10 + vw * 5);
        let (ll, vl) = (text_len(&self.label), text_len(&self.value));
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"20\" \
             role=\"img\" aria-label=\"{title}\">\
             <title>{title}</title>\
             <linearGradient id=\"s\" x2=\"0\" y2=\"100%\">\
             <stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>\
             <stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
             <clipPath id=\"r\"><rect width=\"{width}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
             <g clip-path=\"url(#r)\">\
             <rect width=\"{lw}\" height=\"20\" fill=\"#555\"/>\
             <rect x=\"{lw}\" width=\"{vw}\" height=\"20\" fill=\"{color}\"/>\
             <rect width=\"{width}\" height=\"20\" fill=\"url(#s)\"/></g>\
             <g fill=\"#fff\" text-anchor=\"middle\" \
             font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" \
             text-rendering=\"geometricPrecision\" font-size=\"110\">\
             <text aria-hidden=\"true\" x=\"{lx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" \
             transform=\"scale(.1)\" textLength=\"{ll}\">{label}</text>\
             <text aria-hidden=\"true\" x=\"{lx}\" y=\"140\" transform=\"scale(.1)\" \
             textLength=\"{ll}\">{label}</text>\
             <text aria-hidden=\"true\" x=\"{vx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" \
             transform=\"scale(.1)\" textLength=\"{vl}\">{value}</text>\
             <text aria-hidden=\"true\" x=\"{vx}\" y=\"140\" transform=\"scale(.1)\" \
             textLength=\"{vl}\">{value}</text></g></svg>",
            color = self.color,
        );
        s
    }
}

/// Width of a text in Verdana at 11 px; characters outside the table count
/// as a wide letter.
fn text_width(s: &str) -> f64 {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> f64 {
    match c {
        ' ' => 3.87,
        '%' => 11.85,
        '-' | '(' | ')' => 4.57,
        '.' | ',' | ':' => 3.87,
        '_' => 6.96,
        '0'..='9' => 6.99,
        'A' | 'S' | 'V' => 7.52,
        'B' | 'X' | 'Z' => 7.54,
        'C' => 7.68,
        'D' => 8.48,
        'E' => 6.96,
        'F' => 6.32,
        'G' => 8.53,
        'H' => 8.27,
        'I' => 4.63,
        'J' => 5.0,
        'K' => 7.62,
        'L' => 6.12,
        'M' => 9.27,
        'N' => 8.23,
        'O' | 'Q' => 8.66,
        'P' => 6.63,
        'R' => 7.65,
        'T' => 6.78,
        'U' => 8.05,
        'W' => 10.88,
        'Y' => 6.77,
        'a' => 6.61,
        'b' | 'd' | 'g' | 'p' | 'q' => 6.86,
        'c' | 's' => 5.73,
        'e' => 6.56,
        'f' => 3.87,
        'h' | 'n' | 'u' => 6.96,
        'i' | 'l' => 3.01,
        'j' => 3.78,
        'k' | 'v' | 'x' | 'y' => 6.51,
        'm' => 10.7,
        'o' => 6.68,
        'r' => 4.69,
        't' => 4.33,
        'w' => 8.98,
        'z' => 5.77,
        _ => 8.0,
    }
}

/// Escapes text for XML content and attribute values.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cov(translated: usize, total: usize) -> Coverage {
        Coverage {
            translated,
            total,
            ..Coverage::default()
        }
    }

    #[test]
    fn whole_percent_never_rounds_up_to_complete() {
        assert_eq!(whole_percent(&cov(7, 8)), "87%");
        assert_eq!(whole_percent(&cov(999, 1000)), "99%");
        assert_eq!(whole_percent(&cov(1000, 1000)), "100%");
        assert_eq!(whole_percent(&cov(0, 0)), "100%");
        assert_eq!(whole_percent(&cov(0, 3)), "0%");
    }

    #[test]
    fn tiers_by_threshold() {
        for (t, n, tier) in [
            (10, 10, Tier::Complete),
            (0, 0, Tier::Complete),
            (999, 1000, Tier::High),
            (9, 10, Tier::High),
            (89, 100, Tier::Good),
            (3, 4, Tier::Good),
            (1, 2, Tier::Partial),
            (49, 100, Tier::Low),
            (0, 5, Tier::Low),
        ] {
            assert_eq!(Tier::of(&cov(t, n)), tier, "{t} of {n}");
        }
    }

    #[test]
    fn svg_is_deterministic_and_escaped() {
        let b = Badge::coverage("ja-JP", &cov(7, 8));
        assert_eq!(b.svg(), Badge::coverage("ja-JP", &cov(7, 8)).svg());
        assert!(b
            .svg()
            .contains("<title>ja-JP: 87% translated (7 of 8 error codes)</title>"));
        let odd = Badge {
            label: "<&\"'>".to_owned(),
            ..b
        };
        assert!(odd.svg().contains("&lt;&amp;&quot;&#39;&gt;"));
        assert!(!odd.svg().contains("<&"));
    }
}
