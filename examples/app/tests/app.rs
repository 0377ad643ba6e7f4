//! The example app, run as its users run it: both of its catalogs compiled
//! in by its build script, one module each.

use std::process::Command;

fn app(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_errbook-example-app"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn its_own_catalog_answers_text_codes_with_their_status_and_hint() {
    assert_eq!(
        app(&["BucketAlreadyExists", "en-GB,en;q=0.8"]),
        (
            0,
            "409 BucketAlreadyExists: The bucket name is already taken.\nChoose another name.\n"
                .to_owned(),
            String::new()
        )
    );
    // Nothing asked: the source locale.
    assert_eq!(
        app(&["NoSuchBucket"]),
        (
            0,
            "404 NoSuchBucket: 存储桶不存在。\n".to_owned(),
            String::new()
        )
    );
}

#[test]
fn the_second_catalog_answers_numbers() {
    assert_eq!(
        app(&["280006", "ja;q=0.9, en;q=0.5"]),
        (
            0,
            "280006: すべてのオペレーターが対応中です。\n".to_owned(),
            String::new()
        )
    );
    assert_eq!(app(&["280006", "en"]).1, "280006: All agents are busy.\n");
}

#[test]
fn what_is_no_code_is_an_error_with_a_status() {
    let (status, out, err) = app(&["NoSuchKey", "en"]);
    assert_eq!((status, out.as_str()), (1, ""));
    assert!(err.contains("`NoSuchKey` is not a code"), "{err}");
    assert_eq!(app(&[]).0, 2);
}
