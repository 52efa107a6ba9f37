//! Reads the dates people write in articles: ISO `2025-07-19`, `19/07/2025`, `07/19/2025`,
//! `19.07.2025`, `July 19, 2025`, `Jul 19 2025`, `19 July 2025`, `September 7th, 2024`, with
//! `Retrieved`/`accessed`/`on` wrappers, and `July 2025` (month precision). A numeric date whose
//! day and month could swap is ambiguous unless a day/month order is given. One parser serves
//! both input formats; it returns what it read and never guesses.

use crate::built_in_regex as regex;
use crate::pattern::Pattern;
use jiff::civil::Date;

/// Which part of a numeric date comes first, when an article's house style is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayMonthYear,
    MonthDayYear,
}

/// What a piece of date text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateReading {
    /// A single calendar date.
    Date(Date),
    /// `05/07/2025`: 5 July or May 7, and nothing says which.
    Ambiguous { day_first: Date, month_first: Date },
    /// `July 2025`: a month, no day.
    Month { year: i16, month: i8 },
    /// Not a date that exists; the reason is written for an editor.
    Invalid(String),
}

impl DateReading {
    /// The ISO form when the text names one day.
    pub fn iso(&self) -> Option<String> {
        match self {
            DateReading::Date(d) => Some(d.to_string()),
            _ => None,
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == name || (name.len() == 3 && m.starts_with(name.as_str())))
        .and_then(|i| i8::try_from(i + 1).ok())
}

const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static WRAPPER: Pattern = Pattern::new(|| {
    regex(
        r"(?i)^\(?\s*(?:(?:date\s+)?(?:retrieved|accessed|viewed|visited|consulted)(?:\s+on)?\s*:?\s*|on\s+)?",
    )
});
static ISO: Pattern = Pattern::new(|| {
    regex(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?)?$",
    )
});
static NUMERIC: Pattern = Pattern::new(|| regex(r"^(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4})$"));
static MONTH_FIRST: Pattern = Pattern::new(|| {
    regex(&format!(
        r"^({MONTH})\s+(\d{{1,2}})(?i:st|nd|rd|th)?,?\s+(\d{{4}})$"
    ))
});
static DAY_FIRST: Pattern = Pattern::new(|| {
    regex(&format!(
        r"^(\d{{1,2}})(?i:st|nd|rd|th)?\s+(?:of\s+)?({MONTH}),?\s+(\d{{4}})$"
    ))
});
static MONTH_YEAR: Pattern = Pattern::new(|| regex(&format!(r"^({MONTH}),?\s+(\d{{4}})$")));

/// Strips the words around a date: `Retrieved on 19 July 2025.`, `(accessed 19 July 2025)`.
pub fn strip_wrapper(text: &str) -> &str {
    let text = text.trim();
    let skip = WRAPPER.local().find(text).map_or(0, |m| m.end());
    text[skip..]
        .trim()
        .trim_end_matches(['.', ')', ',', ';'])
        .trim()
}

/// Reads `text` as a date. `order` settles numeric dates whose parts could swap.
pub fn read(text: &str, order: Option<DateOrder>) -> DateReading {
    let core = strip_wrapper(text);
    if let Some(c) = ISO.local().captures(core) {
        return ymd(num(&c[1]), num(&c[2]), num(&c[3]), core);
    }
    if let Some(c) = NUMERIC.local().captures(core) {
        if c[2] != c[4] {
            return DateReading::Invalid(format!("`{core}` mixes separators"));
        }
        return numeric(num(&c[1]), num(&c[3]), num(&c[5]), order, core);
    }
    if let Some(c) = MONTH_FIRST.local().captures(core) {
        return named(num(&c[3]), &c[1], num(&c[2]), core);
    }
    if let Some(c) = DAY_FIRST.local().captures(core) {
        return named(num(&c[3]), &c[2], num(&c[1]), core);
    }
    if let Some(c) = MONTH_YEAR.local().captures(core) {
        let year = num(&c[2]);
        return match (month_number(&c[1]), i16::try_from(year)) {
            (Some(month), Ok(year)) => DateReading::Month { year, month },
            _ => DateReading::Invalid(format!("`{core}` is not a date")),
        };
    }
    if core.is_empty() {
        return DateReading::Invalid("the date is empty".into());
    }
    DateReading::Invalid(format!("`{core}` is not a date"))
}

fn num(digits: &str) -> i64 {
    digits.parse().unwrap_or(i64::MAX)
}

fn numeric(
    first: i64,
    second: i64,
    year: i64,
    order: Option<DateOrder>,
    text: &str,
) -> DateReading {
    match (first > 12, second > 12) {
        (true, true) => DateReading::Invalid(format!("`{text}` has no part that can be a month")),
        (true, false) => ymd(year, second, first, text),
        (false, true) => ymd(year, first, second, text),
        (false, false) if first == second => ymd(year, first, second, text),
        (false, false) => match order {
            Some(DateOrder::DayMonthYear) => ymd(year, second, first, text),
            Some(DateOrder::MonthDayYear) => ymd(year, first, second, text),
            None => match (make(year, second, first), make(year, first, second)) {
                (Some(day_first), Some(month_first)) => DateReading::Ambiguous {
                    day_first,
                    month_first,
                },
                _ => DateReading::Invalid(format!("`{text}` is not a date")),
            },
        },
    }
}

fn named(year: i64, month: &str, day: i64, text: &str) -> DateReading {
    match month_number(month) {
        Some(m) => ymd(year, i64::from(m), day, text),
        None => DateReading::Invalid(format!("`{text}` is not a date")),
    }
}

fn make(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

fn ymd(year: i64, month: i64, day: i64, text: &str) -> DateReading {
    if let Some(date) = make(year, month, day) {
        return DateReading::Date(date);
    }
    let reason = if !(1..=12).contains(&month) {
        format!("`{text}` has month {month}; months run from 1 to 12")
    } else if let Some(name) = usize::try_from(month - 1).ok().and_then(|i| MONTHS.get(i)) {
        let mut name = name.to_string();
        name[..1].make_ascii_uppercase();
        format!("`{text}` does not exist: {name} {year} has no day {day}")
    } else {
        format!("`{text}` is not a date")
    };
    DateReading::Invalid(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_the_family() {
        for text in [
            "2025-07-19",
            "19/07/2025",
            "07/19/2025",
            "19.07.2025",
            "July 19, 2025",
            "Jul 19 2025",
            "19 July 2025",
            "19th July 2025",
            "Retrieved 2025-07-19",
            "Retrieved on 19 July 2025.",
            "(accessed 19 July 2025)",
            "Accessed: Jul. 19, 2025",
            "2025-07-19T13:04:08",
        ] {
            assert_eq!(
                read(text, None),
                DateReading::Date(date("2025-07-19")),
                "{text}"
            );
        }
        assert_eq!(
            read("September 7th, 2024", None),
            DateReading::Date(date("2024-09-07"))
        );
        assert_eq!(
            read("Sept 7, 2024", None),
            DateReading::Date(date("2024-09-07"))
        );
    }

    #[test]
    fn swappable_numbers_are_ambiguous_until_an_order_is_known() {
        assert_eq!(
            read("05/07/2025", None),
            DateReading::Ambiguous {
                day_first: date("2025-07-05"),
                month_first: date("2025-05-07")
            }
        );
        assert_eq!(
            read("05/07/2025", Some(DateOrder::DayMonthYear)),
            DateReading::Date(date("2025-07-05"))
        );
        assert_eq!(
            read("05/07/2025", Some(DateOrder::MonthDayYear)),
            DateReading::Date(date("2025-05-07"))
        );
        assert_eq!(
            read("07/07/2025", None),
            DateReading::Date(date("2025-07-07"))
        );
    }

    #[test]
    fn impossible_and_non_dates_are_invalid() {
        for text in [
            "31/02/2025",
            "2025-13-04",
            "mid-2025",
            "32/13/2025",
            "soon",
            "2025-02-29",
        ] {
            assert!(
                matches!(read(text, None), DateReading::Invalid(_)),
                "{text}"
            );
        }
        let DateReading::Invalid(reason) = read("31/02/2025", None) else {
            panic!()
        };
        assert!(reason.contains("February 2025 has no day 31"), "{reason}");
    }

    #[test]
    fn month_precision() {
        assert_eq!(
            read("July 2025", None),
            DateReading::Month {
                year: 2025,
                month: 7
            }
        );
    }
}
