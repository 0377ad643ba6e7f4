#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errbook::fuzzing::sync_props(data));
