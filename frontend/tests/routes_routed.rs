//! Every named route is routed: each `AppRoute` variant appears in the router of `app.rs` as
//! `AppRoute::X.segments()` (or `segments_under`), and the router writes no path literal of
//! its own — so a route added to the enum but not to the router, or a path typed twice, fails
//! here. The matcher each route gets is checked against its own path.

use frontend::routes::{AppRoute, CABINET, Segments};
use leptos_router::PossibleRouteMatch;

const APP: &str = include_str!("../src/app.rs");

/// The `AppRoute` variants the router of `app.rs` names in a `path=`.
fn routed() -> Vec<String> {
    let mut out = Vec::new();
    for line in APP.lines().filter(|l| l.contains("path=")) {
        let mut rest = line;
        while let Some(at) = rest.find("AppRoute::") {
            rest = &rest[at + "AppRoute::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let after = &rest[name.len()..];
            if after.starts_with(".segments") {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn every_app_route_is_routed() {
    let routed = routed();
    for route in AppRoute::ALL {
        let name = format!("{route:?}");
        assert!(routed.contains(&name), "AppRoute::{name} ({}) is not routed in app.rs", route.path());
    }
}

#[test]
fn the_router_writes_no_path_of_its_own() {
    assert!(!APP.contains("path!("), "app.rs routes by AppRoute, not by path! literals");
    for line in APP.lines().filter(|l| l.contains("<Route ") || l.contains("<ParentRoute ")) {
        assert!(!line.contains("path=\"/"), "a literal path in app.rs: {line}");
    }
}

#[test]
fn each_route_matches_its_own_path_and_no_longer_one() {
    for route in AppRoute::ALL {
        let m = route.segments().test(route.path()).unwrap_or_else(|| panic!("{route:?} does not match its path"));
        assert!(m.is_complete(), "{route:?} leaves {:?}", m.remaining());
        if route != AppRoute::Home {
            assert_eq!(m.matched(), route.path());
            // `/admin/staff` is not `/admin/staffing`, nor `/admin` alone.
            assert!(route.segments().test(&format!("{}x", route.path())).is_none());
            let parent = route.path().rsplit_once('/').map_or("", |(p, _)| p);
            assert!(route.segments().test(parent).is_none_or(|m| !m.is_complete()) || parent.is_empty());
        }
    }
}

#[test]
fn cabinet_tabs_match_below_the_cabinet() {
    let cabinet = Segments::of(CABINET);
    for route in AppRoute::ALL.into_iter().filter(|r| r.path().starts_with(CABINET)) {
        let rest = cabinet.test(route.path()).unwrap().remaining();
        let tab = route.segments_under(CABINET).test(rest).unwrap();
        assert!(tab.is_complete(), "{route:?} below the cabinet leaves {:?}", tab.remaining());
    }
}
