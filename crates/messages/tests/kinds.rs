//! Codes of every kind the core reads: text, negative, zero and
//! hexadecimal codes, as variants, text, numbers, ranges and serde.

use errbook_messages::{LookupError, UnknownCode};

/// Text codes beside a negative and a hexadecimal one: looked up by text.
mod kinds {
    errbook_messages::include_catalog!("kinds");
}

/// Numbers only, one negative: an `i64` catalog with a range.
mod signed {
    errbook_messages::include_catalog!("signed");
}

#[test]
fn text_codes_have_names_and_parse_as_written() {
    use kinds::{ErrorCode, Locale};
    let expected = [
        (
            ErrorCode::FailedOperationAccountNotFound,
            "FailedOperation.AccountNotFound",
        ),
        (ErrorCode::InvalidArgument, "INVALID_ARGUMENT"),
        (ErrorCode::R00008, "R:00008"),
        (ErrorCode::EMinus10001, "-10001"),
        (ErrorCode::E0x1F, "0x1F"),
    ];
    assert_eq!(ErrorCode::ALL, expected.map(|(c, _)| c));
    for (code, text) in expected {
        assert_eq!(code.as_str(), text);
        assert_eq!(text.parse::<ErrorCode>(), Ok(code));
        assert_eq!(ErrorCode::from_text(text), Some(code));
    }
    // Hexadecimal digits in either case; text codes exactly.
    assert_eq!("0x1f".parse::<ErrorCode>(), Ok(ErrorCode::E0x1F));
    assert_eq!("0X1F".parse::<ErrorCode>(), Ok(ErrorCode::E0x1F));
    for bad in [
        "invalid_argument",
        "FailedOperation",
        "R00008",
        "31",
        "",
        " -10001",
    ] {
        let e = bad.parse::<ErrorCode>().unwrap_err();
        assert_eq!(e.text, bad);
    }
    assert_eq!(
        ErrorCode::FailedOperationAccountNotFound.message_in(Locale::EN_US),
        "The account does not exist."
    );
    assert_eq!(
        ErrorCode::E0x1F.hint_in(Locale::EN_US),
        Some("Try again later.")
    );
}

#[test]
fn text_codes_are_looked_up_by_text_with_their_attributes() {
    use kinds::{lookup, ErrorCode, Locale};
    assert_eq!(Locale::EN_US.lookup("R:00008"), Some("Internal error."));
    assert_eq!(Locale::EN_US.lookup("R_00008"), None);
    assert_eq!(lookup("-10001", "en-GB"), Ok("Invalid request."));
    assert_eq!(lookup("-10001", "zh"), Ok("请求无效。"));
    assert_eq!(
        lookup("Nope", "en"),
        Err(LookupError::UnknownCode("Nope".into()))
    );
    assert_eq!(
        ErrorCode::InvalidArgument.attribute("HTTP 状态码"),
        Some("400")
    );
    assert_eq!(ErrorCode::E0x1F.attributes(), &[("HTTP 状态码", "503")]);
}

#[test]
fn numbers_of_every_sign_and_base_are_an_i64_catalog() {
    use signed::{lookup, ErrorCode, Locale};
    let expected = [
        (ErrorCode::EMinus1, -1, "-1"),
        (ErrorCode::E0, 0, "0"),
        (ErrorCode::E0x10, 16, "0x10"),
        (ErrorCode::E100, 100, "100"),
    ];
    assert_eq!(ErrorCode::ALL, expected.map(|(c, ..)| c));
    for (code, n, text) in expected {
        assert_eq!(code.as_i64(), n);
        assert_eq!(ErrorCode::from_i64(n), Some(code));
        assert_eq!(ErrorCode::try_from(n), Ok(code));
        assert_eq!(i64::from(code), n);
        assert_eq!(code.as_str(), text);
        assert_eq!(text.parse::<ErrorCode>(), Ok(code));
    }
    // The hexadecimal code is written `0x10`; "16" is not how the table
    // writes it.
    assert!("16".parse::<ErrorCode>().is_err());
    assert_eq!(ErrorCode::try_from(7), Err(UnknownCode(7)));
    assert_eq!(Locale::EN_US.lookup(-1), Some("Unknown error."));
    assert_eq!(Locale::EN_US.lookup(16), Some("Timed out."));
    // The range row: 200 - 299.
    assert_eq!(Locale::ranges(), &[(200, 299)]);
    assert_eq!(Locale::EN_US.lookup(250), Some("Server error."));
    assert_eq!(Locale::EN_US.range_message(299), Some("Server error."));
    assert_eq!(Locale::EN_US.lookup(300), None);
    assert_eq!(lookup(-2, "en"), Err(LookupError::UnknownCode("-2".into())));
    assert_eq!(
        ErrorCode::E100.message_in(Locale::EN_US),
        "The parameter {name} is invalid."
    );
}

#[test]
fn serde_writes_numbers_as_numbers_and_text_as_text() {
    assert_eq!(
        serde_json::to_string(&signed::ErrorCode::EMinus1).unwrap(),
        "-1"
    );
    assert_eq!(
        serde_json::from_str::<signed::ErrorCode>("16").unwrap(),
        signed::ErrorCode::E0x10
    );
    assert!(serde_json::from_str::<signed::ErrorCode>("17").is_err());
    assert_eq!(
        serde_json::to_string(&kinds::ErrorCode::R00008).unwrap(),
        "\"R:00008\""
    );
    assert_eq!(
        serde_json::from_str::<kinds::ErrorCode>("\"0x1F\"").unwrap(),
        kinds::ErrorCode::E0x1F
    );
    assert!(serde_json::from_str::<kinds::ErrorCode>("\"R_00008\"").is_err());
}
