//! [`RUSSIAN_TIME_ZONES`]: the time zones every form offers first.

/// Russia's time zones, west to east: an IANA name for each (one city per zone, and
/// Krasnoyarsk beside Novosibirsk, since both are widely known) with its offset from UTC in
/// hours. Russia keeps no daylight-saving time, so the offset is fixed. Forms offer these
/// first, with the city's name; the server accepts any IANA name (`chrono-tz`).
pub const RUSSIAN_TIME_ZONES: [(&str, i8); 12] = [
    ("Europe/Kaliningrad", 2),
    ("Europe/Moscow", 3),
    ("Europe/Samara", 4),
    ("Asia/Yekaterinburg", 5),
    ("Asia/Omsk", 6),
    ("Asia/Novosibirsk", 7),
    ("Asia/Krasnoyarsk", 7),
    ("Asia/Irkutsk", 8),
    ("Asia/Yakutsk", 9),
    ("Asia/Vladivostok", 10),
    ("Asia/Magadan", 11),
    ("Asia/Kamchatka", 12),
];

/// "UTC+3" for a zone of [`RUSSIAN_TIME_ZONES`]; `None` for any other.
pub fn russian_zone_offset(zone: &str) -> Option<String> {
    RUSSIAN_TIME_ZONES.iter().find(|(z, _)| *z == zone).map(|(_, h)| format!("UTC{h:+}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_people_write_them() {
        assert_eq!(russian_zone_offset("Europe/Moscow").as_deref(), Some("UTC+3"));
        assert_eq!(russian_zone_offset("Asia/Kamchatka").as_deref(), Some("UTC+12"));
        assert_eq!(russian_zone_offset("Europe/Berlin"), None);
    }

    #[test]
    fn west_to_east_and_every_offset_from_2_to_12() {
        let hours: Vec<i8> = RUSSIAN_TIME_ZONES.iter().map(|(_, h)| *h).collect();
        assert!(hours.windows(2).all(|w| w[0] <= w[1]));
        for h in 2..=12 {
            assert!(hours.contains(&h), "UTC+{h}");
        }
    }
}
