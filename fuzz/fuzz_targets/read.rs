#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errbook::fuzzing::read_props(data));
