//! healthlint's own patterns: each is compiled once per run, and each thread searches with a
//! copy of its own. A regex shared by threads keeps its scratch space in a pool that only its
//! first user reaches without a lock; every other thread pays for a locked pool on every
//! search, and a pattern is searched several times per exercise mention. A copy shares the
//! compiled pattern and has its own pool.

use regex::Regex;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

/// A built-in pattern, declared as a `static` and compiled on first use.
pub(crate) struct Pattern {
    compiled: LazyLock<Regex, fn() -> Regex>,
    /// The pattern's place in every thread's [`COPIES`], given on first use.
    slot: OnceLock<usize>,
}

/// The next free place in the threads' copies.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's copies of the patterns it has searched with, by slot.
    static COPIES: RefCell<Vec<Option<Rc<Regex>>>> = const { RefCell::new(Vec::new()) };
}

impl Pattern {
    pub(crate) const fn new(build: fn() -> Regex) -> Pattern {
        Pattern {
            compiled: LazyLock::new(build),
            slot: OnceLock::new(),
        }
    }

    /// Compiles the pattern now, without searching (a warm-up thread does this ahead of use).
    pub(crate) fn compile(&self) {
        LazyLock::force(&self.compiled);
    }

    /// This thread's copy, to search with.
    pub(crate) fn local(&self) -> Rc<Regex> {
        let slot = *self
            .slot
            .get_or_init(|| NEXT_SLOT.fetch_add(1, Ordering::Relaxed));
        COPIES.with(|copies| {
            if let Some(Some(copy)) = copies.borrow().get(slot) {
                return Rc::clone(copy);
            }
            let copy = Rc::new(Regex::clone(&self.compiled));
            let mut copies = copies.borrow_mut();
            if copies.len() <= slot {
                copies.resize(slot + 1, None);
            }
            copies[slot] = Some(Rc::clone(&copy));
            copy
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: Pattern = Pattern::new(|| crate::built_in_regex(r"\d+"));
    static WORDS: Pattern = Pattern::new(|| crate::built_in_regex(r"[a-z]+"));

    #[test]
    fn every_thread_searches_with_a_copy_of_the_same_pattern() {
        let here = DIGITS.local();
        assert!(Rc::ptr_eq(&here, &DIGITS.local()), "one copy per thread");
        assert_eq!(here.find("ab 42").map(|m| m.range()), Some(3..5));
        assert_eq!(WORDS.local().as_str(), "[a-z]+");
        let there = std::thread::spawn(|| {
            let copy = DIGITS.local();
            (copy.as_str().to_string(), copy.is_match("7"))
        })
        .join()
        .unwrap_or_default();
        assert_eq!(there, (r"\d+".to_string(), true));
    }
}
