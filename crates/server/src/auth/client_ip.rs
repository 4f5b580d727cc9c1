//! The client's address: the peer, or — only when the peer is a trusted proxy — the
//! right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Likewise the host
//! the client addressed: forwarding headers count only from a trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;

pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let header = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).unwrap_or("");
    header
        .split(',')
        .rev()
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer))
}

/// The host the client addressed: the `Host` header, or — only when the peer is a trusted
/// proxy — the host the proxy forwarded (`Forwarded: host=`, else `X-Forwarded-Host`). A
/// client talking to the server directly cannot pretend to have addressed another host.
pub fn request_host(req: &HttpRequest, trusted: &[IpAddr]) -> Option<String> {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let peer_trusted = req.peer_addr().is_some_and(|a| trusted.contains(&a.ip()));
    if peer_trusted {
        let forwarded = header("forwarded").and_then(|v| {
            // The first (client-side) element's `host=` parameter.
            let first = v.split(',').next()?;
            first.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim().eq_ignore_ascii_case("host").then(|| v.trim().trim_matches('"').to_owned())
            })
        });
        let x_forwarded = || header("x-forwarded-host").and_then(|v| v.split(',').next()).map(|v| v.trim().to_owned());
        if let Some(host) = forwarded.or_else(x_forwarded).filter(|h| !h.is_empty()) {
            return Some(host);
        }
    }
    header("host").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn forwarded_for_only_counts_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 203.0.113.7"))
            .to_http_request();
        assert_eq!(client_ip(&req, &[proxy]), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(client_ip(&req, &[]), Some(proxy), "untrusted peer: the header is ignored");
    }

    #[test]
    fn forwarded_host_only_counts_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let req = |name: &str, value: &str| {
            TestRequest::default()
                .peer_addr("10.0.0.1:5000".parse().unwrap())
                .insert_header(("host", "internal:8080"))
                .insert_header((name, value))
                .to_http_request()
        };
        let x = req("x-forwarded-host", "onco.example.org");
        assert_eq!(request_host(&x, &[proxy]).as_deref(), Some("onco.example.org"));
        assert_eq!(request_host(&x, &[]).as_deref(), Some("internal:8080"), "untrusted peer: the header is ignored");
        let f = req("forwarded", "for=203.0.113.7;host=\"onco.example.org\";proto=https, for=10.0.0.2");
        assert_eq!(request_host(&f, &[proxy]).as_deref(), Some("onco.example.org"));
        assert_eq!(request_host(&f, &[]).as_deref(), Some("internal:8080"));
    }
}
