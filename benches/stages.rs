//! errbook's stages in process, through the library, on generated catalogs
//! of 1,000 and 10,000 codes × 10 locales (examples/gen-catalog.rs, made
//! here in a temporary directory): extract the source table, parse one
//! locale file, load the project (the table, the locale directories), check
//! it (which reads and parses every locale), sync one locale (nothing to do,
//! and after a release's changes to the table), and build, split and render
//! one locale's pages as `errbook build` does.
//!
//! ```sh
//! cargo bench --bench stages            # about two minutes
//! cargo bench --bench stages -- check   # one stage
//! ```
//!
//! The whole commands, with the peers, are timed by `benches/scale.py`;
//! docs/performance.md has the figures of both.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput};
use errbook::config::Config;
use errbook::diag::Files;
use errbook::locale::ftl::FtlFile;
use errbook::locale::sync::sync;
use errbook::project::Project;
use errbook::render::{self, html};
use errbook::source::{self, ExtractOptions};

#[allow(dead_code)]
#[path = "../examples/gen-catalog.rs"]
mod gen;

/// The translated locale the one-locale stages use (not the one with Junk).
const TAG: &str = "en-US";

/// Entries per HTML page: `PAGE_ENTRIES` of src/cmd/build.rs (a private
/// module, so restated here).
const PAGE_ENTRIES: usize = 1000;

fn load(dir: &Path) -> Project {
    Project::load(Config::for_root(dir).expect("the default configuration")).expect("it loads")
}

fn stages(c: &mut Criterion, codes: u64) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    gen::generate(
        &gen::Options {
            codes,
            locales: 10,
            seed: 1,
            shape: gen::Shape::BASE,
        },
        dir,
    );
    let config = Config::for_root(dir).unwrap();
    let table = std::fs::read(&config.source).unwrap();
    let opts = ExtractOptions {
        locale: config.source_locale.clone(),
        columns: config.columns.clone(),
    };
    let locale_text = std::fs::read_to_string(dir.join("locales").join(TAG).join("errors.ftl"))
        .expect("the locale file");
    let project = load(dir);
    // The locale as a translator has it after `errbook sync`, then the
    // table after a release (3 % changed, 2 % removed, 2 % added).
    let (synced, _) =
        sync(&FtlFile::parse(locale_text.clone()), &project.messages).expect("the locale syncs");
    gen::mutate(dir, 2);
    let released = load(dir).messages;

    let mut g = c.benchmark_group(format!("stages-{codes}"));
    g.throughput(Throughput::Elements(codes));
    g.bench_function("extract the source table", |b| {
        b.iter(|| {
            let mut files = Files::new();
            black_box(source::extract(
                &config.source,
                black_box(&table),
                &mut files,
                &opts,
            ))
        })
    });
    g.bench_function("parse one locale file", |b| {
        b.iter_batched(
            || locale_text.clone(),
            |text| black_box(FtlFile::parse(text)),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("load the project (read the table, find the locales)", |b| {
        b.iter(|| black_box(load(dir)))
    });
    g.bench_function(
        "check the loaded project (read, parse, compare 11 locales)",
        |b| b.iter(|| black_box(project.check())),
    );
    let synced_ftl = FtlFile::parse(synced);
    g.bench_function("sync one locale, nothing to do", |b| {
        b.iter(|| black_box(sync(&synced_ftl, &project.messages).unwrap()))
    });
    g.bench_function("sync one locale after a release", |b| {
        b.iter(|| black_box(sync(&synced_ftl, &released).unwrap()))
    });
    // What `errbook build` does per locale: the page model, split into
    // pages of at most PAGE_ENTRIES entries, each rendered.
    let templates =
        html::Templates::load(None, std::path::Path::new(".")).expect("the shipped templates");
    let i = project
        .locales
        .iter()
        .position(|l| l.dir.tag == TAG)
        .expect("the locale");
    let catalog = FtlFile::parse(locale_text.clone());
    let titles = (0..project.locales.len())
        .map(|j| {
            render::Site::title_of(
                render::RenderContext::of(&project),
                j,
                (j == i).then_some(&catalog),
            )
        })
        .collect();
    let site = render::Site::new(render::RenderContext::of(&project), titles);
    g.bench_function("page model of one locale", |b| {
        b.iter(|| black_box(site.locale(i, Some(&catalog))))
    });
    let whole = site.locale(i, Some(&catalog));
    let paged = site.paginate(&whole, PAGE_ENTRIES);
    g.bench_function("split one locale's page model into pages", |b| {
        b.iter(|| {
            let paged = site.paginate(&whole, PAGE_ENTRIES);
            black_box((0..paged.len()).filter_map(|n| paged.page(n)).count())
        })
    });
    // The page with the most entries: the whole locale up to PAGE_ENTRIES
    // codes, one part of a group above (the index of a split locale is small).
    let largest = (0..paged.len())
        .filter_map(|n| paged.page(n))
        .max_by_key(|p| p.groups.iter().map(|g| g.entries.len()).sum::<usize>())
        .expect("a page");
    g.bench_function("render the locale's largest HTML page", |b| {
        b.iter(|| black_box(templates.page(&largest).unwrap()))
    });
    g.finish();
}

fn main() {
    // A shared 2-core machine: short runs; the 10,000 stages take tens of ms.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10)
        .configure_from_args();
    stages(&mut c, 1_000);
    stages(&mut c, 10_000);
    c.final_summary();
}
