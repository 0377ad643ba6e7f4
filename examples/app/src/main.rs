//! Prints the localized message of an error code from either of the app's
//! catalogs.
//!
//! ```sh
//! cargo run -p errbook-example-app -- NoSuchBucket en
//! cargo run -p errbook-example-app -- 280006 'ja;q=0.9, en;q=0.5'
//! ```
//!
//! The second argument is an `Accept-Language` header (one tag is one too);
//! without it, the source locale. Exit status: 0 found, 1 not a code of
//! either catalog, 2 bad arguments.

use std::process::ExitCode;

/// The app's own catalog (catalog/).
mod storage {
    errbook_messages::include_catalog!("storage");
}

/// This repository's catalog.
mod im {
    errbook_messages::include_catalog!("im");
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (code, header) = match args.as_slice() {
        [code] => (code.as_str(), ""),
        [code, header] => (code.as_str(), header.as_str()),
        _ => {
            eprintln!("usage: errbook-example-app CODE [ACCEPT-LANGUAGE]");
            return ExitCode::from(2);
        }
    };
    // Text codes: the storage catalog.
    if let Ok(code) = code.parse::<storage::ErrorCode>() {
        let locale = storage::Locale::from_accept_language(header);
        let status = code.attribute("HTTP 状态码").unwrap_or("500");
        println!("{status} {}: {}", code.as_str(), code.message_in(locale));
        if let Some(hint) = code.hint_in(locale) {
            println!("{hint}");
        }
        return ExitCode::SUCCESS;
    }
    // Numbers from the wire: the IM catalog, ranges included.
    let Ok(number) = code.parse::<u32>() else {
        eprintln!("errbook-example-app: `{code}` is not a code of either catalog");
        return ExitCode::FAILURE;
    };
    let locale = im::Locale::from_accept_language(header);
    match locale.lookup(number) {
        Some(message) => {
            println!("{number}: {message}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("errbook-example-app: `{code}` is not a code of either catalog");
            ExitCode::FAILURE
        }
    }
}
