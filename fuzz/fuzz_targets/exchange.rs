#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errbook::fuzzing::exchange_props(data));
