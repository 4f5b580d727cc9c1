//! [`FullName`]: one person's name (last, first, middle) and its one formatter.
//!
//! Every place that shows a person's name — the API's lists, emails, audit details, the SPA —
//! formats it here, so "Иванов Иван Иванович" and "Иванов И. И." look the same everywhere.

use serde::{Deserialize, Serialize};

/// A person's name as the organizer enters it (ACC-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FullName {
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub last_name: String,
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub middle_name: Option<String>,
}

impl FullName {
    /// A name from its parts as stored, e.g. the columns of a row (a middle name may be absent
    /// or empty).
    pub fn of(last: &str, first: &str, middle: Option<&str>) -> Self {
        Self { last_name: last.to_owned(), first_name: first.to_owned(), middle_name: middle.map(str::to_owned) }
    }

    /// The middle name, `None` when absent or blank.
    pub fn middle(&self) -> Option<&str> {
        self.middle_name.as_deref().map(str::trim).filter(|m| !m.is_empty())
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        [Some(self.last_name.trim()), Some(self.first_name.trim()), self.middle()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
    }

    /// "Иванов Иван Иванович" (an absent or empty part is skipped).
    pub fn full(&self) -> String {
        self.parts().collect::<Vec<_>>().join(" ")
    }

    /// "Иванов И. И.": the last name and the initials of the first and middle names.
    pub fn short(&self) -> String {
        let mut s = self.last_name.trim().to_owned();
        for part in [Some(self.first_name.trim()), self.middle()].into_iter().flatten() {
            if let Some(c) = part.chars().next() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.extend(c.to_uppercase());
                s.push('.');
            }
        }
        s
    }
}

impl std::fmt::Display for FullName {
    /// The [`FullName::full`] form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_short_forms() {
        let n = FullName::of("Иванов", "Иван", Some("Иванович"));
        assert_eq!(n.full(), "Иванов Иван Иванович");
        assert_eq!(n.short(), "Иванов И. И.");
        assert_eq!(n.to_string(), "Иванов Иван Иванович");
    }

    #[test]
    fn an_absent_or_empty_middle_name_is_skipped() {
        for middle in [None, Some(""), Some("  ")] {
            let n = FullName::of("Иванова", "Анна", middle);
            assert_eq!(n.full(), "Иванова Анна");
            assert_eq!(n.short(), "Иванова А.");
            assert_eq!(n.middle(), None);
        }
    }

    #[test]
    fn short_uppercases_the_initials_and_keeps_non_cyrillic_names() {
        assert_eq!(FullName::of("Smith", "john", None).short(), "Smith J.");
        assert_eq!(FullName::of("Ёлкин", "ёж", Some("ёжевич")).short(), "Ёлкин Ё. Ё.");
    }

    #[test]
    fn serde_shape_is_the_api_shape() {
        let n = FullName::of("Петров", "Пётр", None);
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v, serde_json::json!({"last_name": "Петров", "first_name": "Пётр", "middle_name": null}));
        let back: FullName =
            serde_json::from_value(serde_json::json!({"last_name": "Петров", "first_name": "Пётр"})).unwrap();
        assert_eq!(back, n);
    }
}
