//! Link results kept between runs, in SQLite (`.healthlint/history.db`, bundled SQLite, so
//! nothing to install). Every network check is recorded with its time; the latest ok result
//! for a URL is reused while it is younger than the cache age, and anything else is checked
//! again. The same table is the history that link-rot audits read. Writes are one transaction
//! per run, so a run killed half way leaves the store as it was.

use super::status::{Hop, LinkResult, LinkStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Where the store lives, relative to the project (the configuration file's directory, or the
/// working directory).
pub const DEFAULT_PATH: &str = ".healthlint/history.db";

/// An open store.
pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens the store at `path`, creating it (and its directory) when missing.
    pub fn open(path: &Path) -> Result<Store, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let connection = Connection::open(path).map_err(|e| describe(path, &e))?;
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| describe(path, &e))?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS link_checks (
                     url TEXT NOT NULL,
                     checked_at INTEGER NOT NULL,
                     status TEXT NOT NULL,
                     http_status INTEGER,
                     final_url TEXT,
                     detail TEXT NOT NULL,
                     redirects TEXT NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS link_checks_by_url ON link_checks (url, checked_at);",
            )
            .map_err(|e| describe(path, &e))?;
        Ok(Store { connection })
    }

    /// The latest result for `url` if it was ok and is at most `max_age` old at `now` (seconds
    /// since the Unix epoch).
    pub fn fresh(&self, url: &str, now: i64, max_age: Duration) -> Option<LinkResult> {
        let oldest = now.saturating_sub(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX));
        let row = self
            .connection
            .query_row(
                "SELECT status, http_status, final_url, detail, redirects, checked_at
                 FROM link_checks WHERE url = ?1 ORDER BY checked_at DESC, rowid DESC LIMIT 1",
                params![url],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<u16>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()
            .ok()??;
        let (status, http_status, final_url, detail, redirects, checked_at) = row;
        if LinkStatus::parse(&status)? != LinkStatus::Ok || checked_at < oldest || checked_at > now
        {
            return None;
        }
        Some(LinkResult {
            url: url.to_string(),
            status: LinkStatus::Ok,
            http_status,
            final_url,
            detail,
            redirects: serde_json::from_str::<Vec<Hop>>(&redirects).unwrap_or_default(),
            moved_to: None,
            cached: true,
        })
    }

    /// Records results checked over the network at `now`, in one transaction. Results that
    /// were not checked (excluded) or came from the store are not recorded.
    pub fn record(&mut self, results: &[&LinkResult], now: i64) -> Result<(), String> {
        let transaction = self.connection.transaction().map_err(|e| e.to_string())?;
        {
            let mut insert = transaction
                .prepare(
                    "INSERT INTO link_checks
                     (url, checked_at, status, http_status, final_url, detail, redirects)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(|e| e.to_string())?;
            for result in results
                .iter()
                .filter(|r| !r.cached && r.status != LinkStatus::Excluded)
            {
                let redirects =
                    serde_json::to_string(&result.redirects).map_err(|e| e.to_string())?;
                insert
                    .execute(params![
                        result.url,
                        now,
                        result.status.as_str(),
                        result.http_status,
                        result.final_url,
                        result.detail,
                        redirects
                    ])
                    .map_err(|e| e.to_string())?;
            }
        }
        transaction.commit().map_err(|e| e.to_string())
    }
}

fn describe(path: &Path, e: &rusqlite::Error) -> String {
    format!("cannot use {} as the link store: {e}", path.display())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn result(url: &str, status: LinkStatus) -> LinkResult {
        let mut r = LinkResult::new(url, status, "200 OK");
        r.http_status = Some(200);
        r.redirects = vec![Hop {
            url: "http://a.example/old".into(),
            http_status: 302,
        }];
        r
    }

    #[test]
    fn ok_results_are_reused_while_young_and_failures_never() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/history.db");
        let mut store = Store::open(&path).unwrap();
        let ok = result("http://a.example/", LinkStatus::Ok);
        let broken = result("http://b.example/", LinkStatus::Broken);
        let excluded = result("http://c.example/", LinkStatus::Excluded);
        store.record(&[&ok, &broken, &excluded], 1_000).unwrap();
        let day = Duration::from_secs(86_400);

        let cached = store
            .fresh("http://a.example/", 1_000 + 3_600, day)
            .unwrap();
        assert!(cached.cached);
        assert_eq!(cached.redirects, ok.redirects);
        assert_eq!(cached.http_status, Some(200));
        assert!(
            store
                .fresh("http://a.example/", 1_000 + 86_401, day)
                .is_none()
        );
        assert!(store.fresh("http://b.example/", 1_001, day).is_none());
        assert!(store.fresh("http://c.example/", 1_001, day).is_none());

        // The latest result wins: a later failure stops reuse of an earlier success.
        let now_broken = result("http://a.example/", LinkStatus::Broken);
        store.record(&[&now_broken], 2_000).unwrap();
        assert!(store.fresh("http://a.example/", 2_001, day).is_none());

        // Reopening keeps the history.
        drop(store);
        let store = Store::open(&path).unwrap();
        let count: i64 = store
            .connection
            .query_row("SELECT COUNT(*) FROM link_checks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 3);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.db");
        std::fs::write(
            &path,
            "this is not SQLite, just text that is long enough to matter",
        )
        .unwrap();
        let e = Store::open(&path).err().unwrap();
        assert!(e.contains("cannot use"), "{e}");
    }
}
