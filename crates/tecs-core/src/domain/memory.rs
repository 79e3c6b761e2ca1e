//! Memory and CPU amounts as operators type them: `3GB`, `3 GB`, `0.5GB`, `3072` (MiB);
//! `1024` CPU units or `1 vCPU`. The API converts such strings itself, but tecs checks and shows
//! the exact number before anything is sent.

/// MiB in one GB, as the console and the API count it.
pub const MIB_PER_GB: u64 = 1024;
/// CPU units in one vCPU.
pub const UNITS_PER_VCPU: u64 = 1024;
/// The largest amount either parser returns; far above any task size.
const LIMIT: u64 = u32::MAX as u64;

/// A decimal number split into whole and fractional digits, without floating point so `0.5 GB`
/// is exactly 512 MiB and `0.3 GB` is refused rather than rounded.
fn scaled(number: &str, factor: u64, what: &str, unit: &str, base: &str) -> Result<u64, String> {
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!("{what} {number:?} is not a number"));
    }
    if whole.len() > 12 || frac.len() > 9 {
        return Err(format!("{what} {number} is too large"));
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| format!("{what} {number:?} is not a number"))?
    };
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse()
            .map_err(|_| format!("{what} {number:?} is not a number"))?
    };
    let denominator = 10u64.saturating_pow(u32::try_from(frac.len()).unwrap_or(9));
    let numerator = whole
        .saturating_mul(denominator)
        .saturating_add(frac_value)
        .saturating_mul(factor);
    if numerator % denominator != 0 {
        return Err(format!("{number} {unit} is not a whole number of {base}"));
    }
    let value = numerator / denominator;
    if value > LIMIT {
        return Err(format!("{what} {number} {unit} is too large"));
    }
    Ok(value)
}

/// Splits `0.5 GB` into (`0.5`, `gb`).
fn split_unit(text: &str) -> (&str, String) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    (number, unit.trim().to_ascii_lowercase())
}

/// Parses a memory amount into MiB: plain numbers are MiB, `GB`/`GiB`/`G` multiply by 1024,
/// `MB`/`MiB`/`M` are MiB. Zero, negatives, fractions of a MiB and other units are refused.
pub fn parse_memory_mib(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("memory is empty".to_string());
    }
    let (number, unit) = split_unit(text);
    if number.is_empty() {
        return Err(format!("memory {text:?} is not a number"));
    }
    let factor = match unit.as_str() {
        "" | "m" | "mb" | "mib" => 1,
        "g" | "gb" | "gib" => MIB_PER_GB,
        other => {
            return Err(format!(
                "unknown memory unit {other:?}: type MiB (3072) or GB (3GB, 0.5 GB)"
            ));
        }
    };
    let unit_label = if factor == 1 { "MiB" } else { "GB" };
    let mib = scaled(number, factor, "memory", unit_label, "MiB")?;
    if mib == 0 {
        return Err("memory must be more than 0".to_string());
    }
    u32::try_from(mib).map_err(|_| format!("memory {text} is too large"))
}

/// Parses CPU into units: plain numbers are units, `vCPU` multiplies by 1024 (`0.25 vCPU` = 256).
pub fn parse_cpu_units(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("CPU is empty".to_string());
    }
    let (number, unit) = split_unit(text);
    if number.is_empty() {
        return Err(format!("CPU {text:?} is not a number"));
    }
    let factor = match unit.as_str() {
        "" | "units" | "unit" => 1,
        "vcpu" | "vcpus" => UNITS_PER_VCPU,
        other => {
            return Err(format!(
                "unknown CPU unit {other:?}: type CPU units (1024) or vCPU (1 vCPU)"
            ));
        }
    };
    let unit_label = if factor == 1 { "units" } else { "vCPU" };
    let units = scaled(number, factor, "CPU", unit_label, "CPU units")?;
    u32::try_from(units).map_err(|_| format!("CPU {text} is too large"))
}

/// `512` → `0.5 GB`, `3072` → `3 GB`, `1536` → `1.5 GB`, `100` → `100 MiB`.
pub fn mib_label(mib: u32) -> String {
    let mib = u64::from(mib);
    if mib % MIB_PER_GB == 0 {
        format!("{} GB", mib / MIB_PER_GB)
    } else if (mib * 1000) % MIB_PER_GB == 0 {
        let thousandths = mib * 1000 / MIB_PER_GB;
        let text = format!("{}.{:03}", thousandths / 1000, thousandths % 1000);
        format!("{} GB", text.trim_end_matches('0'))
    } else {
        format!("{mib} MiB")
    }
}

/// `256` → `.25 vCPU`, `1024` → `1 vCPU`, `100` → `100 units`.
pub fn cpu_label(units: u32) -> String {
    let units = u64::from(units);
    if units % UNITS_PER_VCPU == 0 {
        format!("{} vCPU", units / UNITS_PER_VCPU)
    } else if (units * 1000) % UNITS_PER_VCPU == 0 {
        let thousandths = units * 1000 / UNITS_PER_VCPU;
        let frac = format!("{:03}", thousandths % 1000);
        let whole = thousandths / 1000;
        let whole = if whole == 0 {
            String::new()
        } else {
            whole.to_string()
        };
        format!("{whole}.{} vCPU", frac.trim_end_matches('0'))
    } else {
        format!("{units} units")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_in_mib_and_gb() {
        let cases = [
            ("3072", 3072),
            ("3GB", 3072),
            ("3 GB", 3072),
            ("3 gb", 3072),
            ("3GiB", 3072),
            ("3g", 3072),
            ("0.5GB", 512),
            ("0.5 GB", 512),
            (".5GB", 512),
            ("1.5 GB", 1536),
            ("0.25GB", 256),
            ("120 GB", 122880),
            ("512 MiB", 512),
            ("512MB", 512),
            ("512m", 512),
            ("  2048  ", 2048),
            ("1", 1),
            ("7.0", 7),
        ];
        for (text, mib) in cases {
            assert_eq!(parse_memory_mib(text), Ok(mib), "{text}");
        }
    }

    #[test]
    fn bad_memory_is_refused_with_a_reason() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            ("0", "more than 0"),
            ("0GB", "more than 0"),
            ("-1", "not a number"),
            ("abc", "not a number"),
            ("GB", "not a number"),
            (".", "not a number"),
            ("1.2.3", "not a number"),
            ("3 TB", "unknown memory unit"),
            ("3 GB extra", "unknown memory unit"),
            ("0.3GB", "whole number of MiB"),
            ("1.5", "whole number of MiB"),
            ("99999999999999 GB", "too large"),
            ("5000000 GB", "too large"),
        ];
        for (text, reason) in cases {
            let err = parse_memory_mib(text).expect_err(text);
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn cpu_in_units_and_vcpu() {
        let cases = [
            ("1024", 1024),
            ("1 vCPU", 1024),
            ("1vcpu", 1024),
            ("0.25 vCPU", 256),
            (".25 vCPU", 256),
            ("0.125 vCPU", 128),
            ("10 vCPU", 10240),
            ("128", 128),
            ("0", 0),
        ];
        for (text, units) in cases {
            assert_eq!(parse_cpu_units(text), Ok(units), "{text}");
        }
        for bad in ["", "x", "1 core", "0.0001 vCPU", "-5", "1.5"] {
            assert!(parse_cpu_units(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(mib_label(512), "0.5 GB");
        assert_eq!(mib_label(1024), "1 GB");
        assert_eq!(mib_label(1536), "1.5 GB");
        assert_eq!(mib_label(256), "0.25 GB");
        assert_eq!(mib_label(100), "100 MiB");
        assert_eq!(cpu_label(256), ".25 vCPU");
        assert_eq!(cpu_label(512), ".5 vCPU");
        assert_eq!(cpu_label(1024), "1 vCPU");
        assert_eq!(cpu_label(16384), "16 vCPU");
        assert_eq!(cpu_label(1536), "1.5 vCPU");
        assert_eq!(cpu_label(100), "100 units");
        for mib in [512, 1024, 1536, 3072, 122880] {
            assert_eq!(
                parse_memory_mib(&mib_label(mib)),
                Ok(mib),
                "label round-trips"
            );
        }
    }
}
