//! The fault flags of `serve` (`--latency`, `--fail-rate`, `--fail-status`, `--rate-limit`,
//! `--fault-seed`) and the small languages they share with the rules: a duration (`200ms`,
//! `2s`), a latency (`200ms` or the uniform range `200ms..800ms`) and a rate (`10/s`, `600/m`).
//! Parsed once here; the CLI turns the errors into usage errors.

use std::time::Duration;

/// The status `--fail-rate` answers with unless `--fail-status` says otherwise.
pub const DEFAULT_FAIL_STATUS: u16 = 503;

/// The longest injected latency: past Okta's 60 s request timeout (docs/idp/okta.md §0.3), so
/// a client's timeout can be provoked, but not so long that a typo holds a connection for hours.
pub const MAX_LATENCY: Duration = Duration::from_secs(120);

/// The longest hang a rule may ask for. A hanging request does not hold the server's shutdown
/// longer than `conn::DRAIN`: the drain then closes it.
pub const MAX_HANG: Duration = Duration::from_secs(300);

/// The most requests a `--rate-limit` may allow per period.
pub const MAX_RATE: u32 = 1_000_000;

/// The fault flags, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultFlags {
    /// Every request waits this long before it is answered (`--latency`).
    pub latency: Option<Latency>,
    /// The share of requests answered with `fail_status` (`--fail-rate`, 0 to 1).
    pub fail_rate: Option<f64>,
    /// `--fail-status`, 400 to 599.
    pub fail_status: u16,
    /// `--rate-limit`: a token bucket per tenant; beyond it, 429 with `Retry-After`.
    pub rate_limit: Option<Rate>,
    /// `--fault-seed`: the seed of the random draws (fail rate, jitter, probability rules),
    /// so that a run can be repeated; random when absent.
    pub seed: Option<u64>,
}

impl Default for FaultFlags {
    fn default() -> Self {
        FaultFlags {
            latency: None,
            fail_rate: None,
            fail_status: DEFAULT_FAIL_STATUS,
            rate_limit: None,
            seed: None,
        }
    }
}

impl FaultFlags {
    /// Whether any flag injects anything.
    pub fn any(&self) -> bool {
        self.latency.is_some() || self.fail_rate.is_some() || self.rate_limit.is_some()
    }
}

/// A fixed latency or a uniform range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latency {
    Fixed(Duration),
    Range(Duration, Duration),
}

impl Latency {
    /// A checked latency: each bound at most [`MAX_LATENCY`], the range not reversed.
    pub fn new(low: Duration, high: Option<Duration>) -> Result<Latency, String> {
        for d in [Some(low), high].into_iter().flatten() {
            if d > MAX_LATENCY {
                return Err(format!(
                    "latency {} is above the limit of {} s",
                    show(d),
                    MAX_LATENCY.as_secs()
                ));
            }
        }
        match high {
            None => Ok(Latency::Fixed(low)),
            Some(high) if high < low => Err(format!(
                "latency range {}..{} is reversed; write the smaller bound first",
                show(low),
                show(high)
            )),
            Some(high) => Ok(Latency::Range(low, high)),
        }
    }

    /// The wait for one request, `unit` a uniform draw in [0, 1).
    pub fn pick(self, unit: f64) -> Duration {
        match self {
            Latency::Fixed(d) => d,
            Latency::Range(low, high) => low + (high - low).mul_f64(unit.clamp(0.0, 1.0)),
        }
    }
}

impl std::fmt::Display for Latency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Latency::Fixed(d) => write!(f, "{}", show(*d)),
            Latency::Range(a, b) => write!(f, "{}..{}", show(*a), show(*b)),
        }
    }
}

/// A duration as the flags write it (`250ms`).
pub fn show(d: Duration) -> String {
    format!("{}ms", d.as_millis())
}

/// `200ms`, `2s`, `1.5s`, `0`: a duration with its unit (`ms` or `s`; `0` needs none).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t == "0" {
        return Ok(Duration::ZERO);
    }
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        return Err(format!(
            "{text:?} is not a duration; write it with its unit, e.g. 200ms or 2s"
        ));
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 && n * scale <= MAX_HANG.as_secs_f64() * 10.0 => {
            Ok(Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "{text:?} is not a duration; write a non-negative number with its unit, e.g. 200ms or 2s"
        )),
    }
}

/// `200ms` or `200ms..800ms`.
pub fn parse_latency(text: &str) -> Result<Latency, String> {
    match text.split_once("..") {
        Some((a, b)) => Latency::new(parse_duration(a)?, Some(parse_duration(b)?)),
        None => Latency::new(parse_duration(text)?, None),
    }
}

/// `--fail-rate`: a probability in [0, 1].
pub fn parse_probability(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "{text:?} is not a probability; write a number from 0 to 1, e.g. 0.1 for one request in ten"
        )),
    }
}

/// A status a fault may answer with: an error, 400 to 599.
pub fn check_fault_status(status: u64) -> Result<u16, String> {
    match u16::try_from(status) {
        Ok(s @ 400..=599) => Ok(s),
        _ => Err(format!(
            "status {status} is not an error status; injected faults answer 400 to 599"
        )),
    }
}

/// So many requests per period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = if self.per.as_secs() == 60 { "m" } else { "s" };
        write!(f, "{}/{unit}", self.count)
    }
}

/// `10/s` or `600/m` (also `/sec`, `/min`).
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let bad = || {
        format!(
            "{text:?} is not a rate; write requests per second or per minute, e.g. 10/s or 600/m"
        )
    };
    let (count, unit) = text.trim().split_once('/').ok_or_else(bad)?;
    let per = match unit.trim() {
        "s" | "sec" | "second" => Duration::from_secs(1),
        "m" | "min" | "minute" => Duration::from_secs(60),
        _ => return Err(bad()),
    };
    match count.trim().parse::<u32>() {
        Ok(n @ 1..=MAX_RATE) => Ok(Rate { count: n, per }),
        _ => Err(format!(
            "{text:?}: the count must be a whole number from 1 to {MAX_RATE}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("200ms"), Ok(Duration::from_millis(200)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        for bad in ["200", "fast", "-1s", "NaNs", ""] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn latencies_are_fixed_or_ranges_within_the_limit() {
        assert_eq!(
            parse_latency("200ms"),
            Ok(Latency::Fixed(Duration::from_millis(200)))
        );
        assert_eq!(
            parse_latency("200ms..800ms"),
            Ok(Latency::Range(
                Duration::from_millis(200),
                Duration::from_millis(800)
            ))
        );
        assert!(
            parse_latency("800ms..200ms")
                .expect_err("reversed")
                .contains("reversed")
        );
        assert!(
            parse_latency("121s")
                .expect_err("too long")
                .contains("limit")
        );
        let range = parse_latency("100ms..300ms").expect("range");
        assert_eq!(range.pick(0.5), Duration::from_millis(200));
        assert_eq!(range.to_string(), "100ms..300ms");
    }

    #[test]
    fn rates_are_per_second_or_per_minute() {
        assert_eq!(
            parse_rate("10/s"),
            Ok(Rate {
                count: 10,
                per: Duration::from_secs(1)
            })
        );
        assert_eq!(parse_rate("600/m").map(|r| r.per.as_secs()), Ok(60));
        for bad in ["10", "0/s", "10/h", "x/s", "-1/s"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn probabilities_and_statuses_are_bounded() {
        assert_eq!(parse_probability("0.1"), Ok(0.1));
        assert!(parse_probability("1.5").is_err());
        assert!(parse_probability("ten").is_err());
        assert_eq!(check_fault_status(503), Ok(503));
        assert!(check_fault_status(200).is_err());
        assert!(check_fault_status(70000).is_err());
    }
}
