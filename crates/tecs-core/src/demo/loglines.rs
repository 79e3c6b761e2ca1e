//! Realistic application log lines, so the log view has something worth reading and filtering:
//! access logs, JSON logs, Python and Java logs with multi-line stack traces, IIS W3C logs.
//! Deterministic for a given seed, without pulling in a random number crate.

/// What kind of program writes a container's log, from the demo's container names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogKind {
    Nginx,
    JsonApp,
    PythonWorker,
    SpringApi,
    Iis,
    Report,
}

impl LogKind {
    pub(crate) fn for_container(container: &str) -> Self {
        match container {
            "nginx" => LogKind::Nginx,
            "app" => LogKind::JsonApp,
            "worker" => LogKind::PythonWorker,
            "api" => LogKind::SpringApi,
            "iis" => LogKind::Iis,
            _ => LogKind::Report,
        }
    }
}

/// xorshift64*: plenty for picking log lines.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        // xorshift gets stuck at zero.
        Rng(seed.max(1))
    }

    /// A generator seeded from a string (FNV-1a), e.g. a stream name.
    pub(crate) fn seeded_by(s: &str, salt: u64) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
        for byte in s.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng::new(hash)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform-enough in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(len);
        out
    }
}

/// UTC calendar fields of a Unix timestamp in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utc {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millis: u32,
}

impl Utc {
    /// Howard Hinnant's civil-from-days algorithm: no date crate needed for log timestamps.
    pub(crate) fn from_millis(ms: i64) -> Self {
        let secs = ms.div_euclid(1000);
        let millis = ms.rem_euclid(1000) as u32;
        let days = secs.div_euclid(86_400);
        let of_day = secs.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Utc {
            year,
            month,
            day,
            hour: (of_day / 3600) as u32,
            minute: (of_day % 3600 / 60) as u32,
            second: (of_day % 60) as u32,
            millis,
        }
    }

    fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }

    fn date_time(&self, frac_sep: &str) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{frac_sep}{:03}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }

    /// nginx's `$time_local` with a UTC offset.
    fn clf(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        format!(
            "{:02}/{month}/{:04}:{:02}:{:02}:{:02} +0000",
            self.day, self.year, self.hour, self.minute, self.second
        )
    }
}

/// The first lines a container writes when it starts.
pub(crate) fn startup_lines(kind: LogKind, ts: i64) -> Vec<String> {
    let t = Utc::from_millis(ts);
    match kind {
        LogKind::Nginx => vec![
            "/docker-entrypoint.sh: Configuration complete; ready for start up".to_string(),
            format!(
                "{:04}/{:02}/{:02} {:02}:{:02}:{:02} [notice] 1#1: start worker processes",
                t.year, t.month, t.day, t.hour, t.minute, t.second
            ),
        ],
        LogKind::JsonApp => vec![
            json_line(&t, "info", "shop.boot", "starting shop-web", ""),
            json_line(&t, "info", "shop.db", "connected to database", r#","pool_size":10"#),
            json_line(&t, "info", "shop.http", "listening", r#","addr":"0.0.0.0:8080""#),
        ],
        LogKind::PythonWorker => vec![
            format!(
                "{} INFO [shop.worker] starting worker concurrency=8 queues=emails,invoices,thumbnails",
                t.date_time(",")
            ),
            format!("{} INFO [shop.worker] connected to SQS queue shop-jobs", t.date_time(",")),
        ],
        LogKind::SpringApi => vec![
            format!(
                "{}  INFO 1 --- [           main] c.a.legacy.LegacyApiApplication          : Starting LegacyApiApplication using Java 17.0.9 with PID 1",
                t.date_time(".")
            ),
            format!(
                "{}  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)",
                t.date_time(".")
            ),
            format!(
                "{}  INFO 1 --- [           main] c.a.legacy.LegacyApiApplication          : Started LegacyApiApplication in 14.212 seconds (process running for 15.03)",
                t.date_time(".")
            ),
        ],
        LogKind::Iis => vec![
            "#Software: Microsoft Internet Information Services 10.0".to_string(),
            "#Version: 1.0".to_string(),
            format!("#Date: {}", t.date_time(".")),
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken".to_string(),
        ],
        LogKind::Report => vec![format!("{} starting report job", t.iso())],
    }
}

/// One ordinary log event (possibly multi-line, like a stack trace) at `ts`.
pub(crate) fn line(kind: LogKind, rng: &mut Rng, ts: i64) -> String {
    let t = Utc::from_millis(ts);
    match kind {
        LogKind::Nginx => nginx(rng, &t),
        LogKind::JsonApp => json_app(rng, &t),
        LogKind::PythonWorker => python_worker(rng, &t),
        LogKind::SpringApi => spring_api(rng, &t),
        LogKind::Iis => iis(rng, &t),
        LogKind::Report => format!("{} processed {} rows", t.iso(), rng.below(10_000)),
    }
}

const PATHS: &[&str] = &[
    "/",
    "/api/products",
    "/api/products/1042",
    "/api/products/77",
    "/api/cart",
    "/api/checkout",
    "/api/orders/98121",
    "/healthz",
    "/static/app.3f9c2e.js",
    "/static/styles.8d1a0b.css",
];

const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "ELB-HealthChecker/2.0",
    "curl/8.5.0",
];

fn status(rng: &mut Rng) -> u16 {
    match rng.below(100) {
        0..=79 => 200,
        80..=86 => 304,
        87..=92 => 404,
        93..=95 => 201,
        96..=97 => 499,
        98 => 502,
        _ => 500,
    }
}

fn nginx(rng: &mut Rng, t: &Utc) -> String {
    let path = rng.pick(PATHS);
    let method = if path == "/api/checkout" || path == "/api/cart" {
        rng.pick(&["GET", "POST", "POST"])
    } else {
        "GET"
    };
    let status = status(rng);
    format!(
        r#"10.0.{}.{} - - [{}] "{method} {path} HTTP/1.1" {status} {} "-" "{}" rt={}.{:03}"#,
        rng.below(4),
        rng.below(250) + 2,
        t.clf(),
        rng.below(48_000) + 120,
        rng.pick(USER_AGENTS),
        rng.below(2),
        rng.below(1000)
    )
}

fn json_line(t: &Utc, level: &str, logger: &str, msg: &str, extra: &str) -> String {
    format!(
        r#"{{"ts":"{}","level":"{level}","logger":"{logger}","msg":"{msg}"{extra}}}"#,
        t.iso()
    )
}

fn json_app(rng: &mut Rng, t: &Utc) -> String {
    let request_id = rng.hex(16);
    match rng.below(100) {
        0..=84 => {
            let path = rng.pick(PATHS);
            let status = status(rng);
            let extra = format!(
                r#","method":"GET","path":"{path}","status":{status},"duration_ms":{},"request_id":"{request_id}""#,
                rng.below(180) + 2
            );
            json_line(t, "info", "shop.http", "request completed", &extra)
        }
        85..=93 => {
            let extra = format!(
                r#","query":"SELECT * FROM products WHERE category_id = $1","duration_ms":{},"request_id":"{request_id}""#,
                rng.below(2500) + 800
            );
            json_line(t, "warn", "shop.db", "slow query", &extra)
        }
        _ => {
            let extra = format!(
                r#","error":"payment provider timeout after 10s","order_id":{},"request_id":"{request_id}""#,
                rng.below(90_000) + 10_000
            );
            json_line(t, "error", "shop.checkout", "checkout failed", &extra)
        }
    }
}

fn python_worker(rng: &mut Rng, t: &Utc) -> String {
    let stamp = t.date_time(",");
    let job = rng.pick(&[
        "send_email",
        "render_invoice",
        "make_thumbnail",
        "sync_inventory",
    ]);
    let queue = match job {
        "send_email" => "emails",
        "render_invoice" => "invoices",
        _ => "thumbnails",
    };
    let id = rng.hex(12);
    match rng.below(100) {
        0..=86 => format!(
            "{stamp} INFO [shop.worker] job={job} id={id} queue={queue} status=done duration={}ms",
            rng.below(2000) + 40
        ),
        87..=95 => format!(
            "{stamp} WARNING [shop.worker] job={job} id={id} queue={queue} status=retry attempt={} reason=\"upstream returned 503\"",
            rng.below(4) + 1
        ),
        _ => format!(
            "{stamp} ERROR [shop.worker] job={job} id={id} queue={queue} status=failed\n\
             Traceback (most recent call last):\n  \
             File \"/app/shop/worker.py\", line 88, in run_job\n    \
             result = handler(payload)\n  \
             File \"/app/shop/jobs/{job}.py\", line 41, in handle\n    \
             raise UpstreamError(response.status_code)\n\
             shop.errors.UpstreamError: 503"
        ),
    }
}

fn spring_api(rng: &mut Rng, t: &Utc) -> String {
    let stamp = t.date_time(".");
    let thread = format!("nio-8080-exec-{}", rng.below(10) + 1);
    match rng.below(100) {
        0..=86 => {
            let (path, ms) = (
                rng.pick(&[
                    "/v1/orders/4711",
                    "/v1/customers/23",
                    "/v1/orders",
                    "/actuator/health",
                ]),
                rng.below(250) + 3,
            );
            format!(
                "{stamp}  INFO 1 --- [{thread:>15}] c.a.legacy.api.RequestLogFilter          : GET {path} -> {} ({ms} ms)",
                status(rng)
            )
        }
        87..=95 => format!(
            "{stamp}  WARN 1 --- [{thread:>15}] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Connection is not available, request timed out after {}ms",
            rng.below(3000) + 30_000
        ),
        _ => format!(
            "{stamp} ERROR 1 --- [{thread:>15}] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception\n\
             java.lang.NullPointerException: Cannot invoke \"com.acme.legacy.Customer.getAddress()\" because \"customer\" is null\n\
             \tat com.acme.legacy.api.OrderController.shippingLabel(OrderController.java:142)\n\
             \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n\
             \tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"
        ),
    }
}

fn iis(rng: &mut Rng, t: &Utc) -> String {
    let path = rng.pick(&[
        "/intranet/default.aspx",
        "/intranet/news.aspx",
        "/intranet/login.aspx",
        "/favicon.ico",
    ]);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} 172.17.0.2 GET {path} - 80 - 10.0.3.{} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) {} 0 0 {}",
        t.year,
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second,
        rng.below(200) + 10,
        status(rng),
        rng.below(400) + 5
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_timestamps() {
        assert_eq!(
            Utc::from_millis(0),
            Utc {
                year: 1970,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0,
                millis: 0
            }
        );
        // 2024-02-29T23:59:59.999Z, a leap day.
        assert_eq!(
            Utc::from_millis(1_709_251_199_999),
            Utc {
                year: 2024,
                month: 2,
                day: 29,
                hour: 23,
                minute: 59,
                second: 59,
                millis: 999
            }
        );
        assert_eq!(
            Utc::from_millis(1_709_251_199_999).clf(),
            "29/Feb/2024:23:59:59 +0000"
        );
    }

    #[test]
    fn lines_are_deterministic_per_seed() {
        let mut a = Rng::seeded_by("ecs/app/abc", 1);
        let mut b = Rng::seeded_by("ecs/app/abc", 1);
        for kind in [
            LogKind::Nginx,
            LogKind::JsonApp,
            LogKind::PythonWorker,
            LogKind::SpringApi,
            LogKind::Iis,
        ] {
            assert_eq!(
                line(kind, &mut a, 1_700_000_000_000),
                line(kind, &mut b, 1_700_000_000_000)
            );
        }
    }

    #[test]
    fn json_lines_parse() {
        let mut rng = Rng::new(7);
        for _ in 0..200 {
            let l = line(LogKind::JsonApp, &mut rng, 1_700_000_000_000);
            assert!(serde_json::from_str::<serde_json::Value>(&l).is_ok(), "{l}");
        }
    }
}
