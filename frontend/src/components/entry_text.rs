//! The text of a medical record entry. An entry made from a questionnaire's answers (MON-6)
//! reads from the answers in the reader's language, units and decimal separator — with the
//! formatter the data-entry pages use ([`common::answers`]) — so "38,6 °C" in the record is
//! "38,6 °C" in Ввод данных. Any other entry (and an old one without its submission) shows
//! the text as stored.

use common::questionnaire::I18nText;
use common::record::EntryDto;
use leptos::prelude::*;

use crate::i18n::*;
use crate::pages::cabinet::data_entry::lang;

/// An entry's title: a questionnaire's in the reader's language, else as stored.
pub fn entry_title(i18n: leptos_i18n::I18nContext<Locale>, stored: &str, questionnaire: Option<&I18nText>) -> String {
    questionnaire.map_or_else(|| stored.to_owned(), |t| t.get(lang(i18n)).to_owned())
}

/// The body of `entry` (not its amendments).
#[component]
pub fn EntryText(entry: EntryDto) -> impl IntoView {
    let i18n = use_i18n();
    match entry.answers {
        Some(s) => view! {
            <dl class="answers entry__answers" data-testid="entry-body" data-answers="true">
                {move || common::answers::answer_rows(s.definition.as_ref(), &s.answers, lang(i18n))
                    .into_iter()
                    .map(|(q, a)| view! {
                        <div class="answers__row">
                            <dt>{q}</dt>
                            <dd>{a}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        }
        .into_any(),
        None => view! { <div class="entry__body" data-testid="entry-body">{entry.body}</div> }.into_any(),
    }
}
