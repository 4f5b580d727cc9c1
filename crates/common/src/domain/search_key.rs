//! [`search_key`]: the one normalization behind every name search.

/// The normalized search key of a name (or of any text searched case-insensitively).
///
/// Store it in a `search_key` column beside the name and compare a query's key against it
/// with plain `LIKE`/`=`: SQLite's `lower()` and `LIKE` fold only ASCII, so `Пётр` would not
/// match `пётр` in the database — this function does the folding instead, the same way in the
/// SPA and on the server.
///
/// Steps: Unicode lowercase; `ё` → `е` (Russian text uses the two interchangeably, so
/// `Пётр` and `Петр` find each other); a decomposed `ё`/`й` (`е`/`и` + combining mark, as
/// some keyboards and macOS send them) is treated like the composed letter; every run of
/// whitespace becomes one space; leading and trailing whitespace is removed.
///
/// Idempotent: `search_key(&search_key(s)) == search_key(s)`.
pub fn search_key(text: &str) -> String {
    let lowered = text.to_lowercase();
    let mut out = String::with_capacity(lowered.len());
    let mut chars = lowered.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match (c, chars.peek()) {
            // е + COMBINING DIAERESIS (decomposed ё) → е
            ('е', Some('\u{0308}')) => {
                chars.next();
                out.push('е');
            }
            // и + COMBINING BREVE (decomposed й) → й
            ('и', Some('\u{0306}')) => {
                chars.next();
                out.push('й');
            }
            ('ё', _) => out.push('е'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_yo_and_whitespace() {
        assert_eq!(search_key("  Пётр   ИЛЬИЧ\tЧайковский \n"), "петр ильич чайковский");
        assert_eq!(search_key("ЁЛКИНА"), "елкина");
        assert_eq!(search_key("Müller O'Brien"), "müller o'brien");
        assert_eq!(search_key("Пе\u{0308}тр"), "петр");
        assert_eq!(search_key("Чаи\u{0306}ковский"), "чайковский");
        assert_eq!(search_key("Чайковский"), "чайковский");
        assert_eq!(search_key(""), "");
        assert_eq!(search_key(" \t "), "");
    }

    #[test]
    fn query_and_stored_name_meet() {
        assert!(search_key("Пётр Ёлкин").contains(&search_key("петр ЕЛК")));
    }

    proptest! {
        #[test]
        fn is_idempotent(s in "\\PC{0,80}") {
            let once = search_key(&s);
            prop_assert_eq!(search_key(&once), once.clone());
        }

        #[test]
        fn has_no_outer_or_doubled_whitespace_and_no_yo(s in "\\PC{0,80}") {
            let k = search_key(&s);
            prop_assert_eq!(k.trim(), k.as_str());
            prop_assert!(!k.contains("  "));
            prop_assert!(k.chars().all(|c| c == ' ' || !c.is_whitespace()));
            prop_assert!(!k.contains('ё') && !k.contains('Ё'));
        }

        #[test]
        fn ignores_case_of_cyrillic_and_latin(s in "[А-Яа-яЁёA-Za-z ]{0,40}") {
            prop_assert_eq!(search_key(&s.to_uppercase()), search_key(&s));
        }
    }
}
