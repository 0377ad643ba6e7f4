//! Prints the message of an error code in a locale.
//!
//! ```sh
//! cargo run -p errbook-messages --example lookup -- 280006 ja
//! cargo run -p errbook-messages --example lookup -- 280006 'fr-CH, en;q=0.8'
//! ```
//!
//! The locale is a BCP 47 tag, or an `Accept-Language` header when it holds
//! `,` or `;`; without one, the source locale. Exit status: 0 found, 1 not a
//! code of the catalog, 2 bad arguments.

use std::process::ExitCode;

use shipped::{ErrorCode, Locale};

/// This repository's catalog, compiled by build.rs as an app compiles its own.
mod shipped {
    errbook_messages::include_catalog!("shipped");
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (code, locale) = match args.as_slice() {
        [code] => (code, None),
        [code, locale] => (code, Some(locale.as_str())),
        _ => {
            eprintln!("usage: lookup CODE [LOCALE | ACCEPT-LANGUAGE]");
            return ExitCode::from(2);
        }
    };
    let locale = match locale {
        None => Locale::SOURCE,
        Some(header) if header.contains([',', ';']) => Locale::from_accept_language(header),
        Some(tag) => match tag.parse::<Locale>() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lookup: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let code = match code.parse::<ErrorCode>() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lookup: {e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", code.message_in(locale));
    if let Some(hint) = code.hint_in(locale) {
        println!("{hint}");
    }
    ExitCode::SUCCESS
}
