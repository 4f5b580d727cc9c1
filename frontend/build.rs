//! Generates the typed `i18n` module from `locales/*.json` (leptos_i18n 0.6 code generation).

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    // Russian is the default locale; English is switchable.
    // `interpolate_display`: `t_string!` with variables ("{{ name }}") for attributes and toasts.
    let cfg = Config::new("ru")?.add_locale("en")?.parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
