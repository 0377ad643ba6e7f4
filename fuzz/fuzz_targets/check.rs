#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errbook::fuzzing::check_props(data));
