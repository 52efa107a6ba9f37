//! The exercise lexicon: canonical exercises with their names, the qualifier words that make a
//! different variant (load, position, knee, laterality, speed, range, phase, condition), and the
//! conditions articles are about. `schemas/lexicon/exercises.yaml` is compiled into the binary
//! (its shape is `schemas/lexicon.schema.json`) and the configuration file may add to it.
//!
//! Text and phrases are normalised the same way: lowercased, split into words on anything that
//! is not a letter or digit (so `knee-to-chest` is `knee to chest`), each word stemmed (Porter2),
//! so plurals and verb forms match without being listed. Every stem of a phrase gets a number,
//! and a trie over those numbers finds every name, qualifier and condition, overlapping ones
//! included, stepping once per word.

use super::triggers::{self, Triggers};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

/// The built-in lexicon's text.
pub const BUILT_IN: &str = include_str!("../../schemas/lexicon/exercises.yaml");

/// The body regions and kinds an exercise can be filed under.
pub const REGIONS: &[&str] = &[
    "back",
    "neck",
    "shoulder",
    "elbow",
    "wrist",
    "hip",
    "knee",
    "ankle",
    "foot",
    "core",
    "yoga",
    "gym",
    "plyometrics",
    "aerobic",
    "general",
];

/// The dimensions along which two forms of one exercise differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Load,
    Position,
    Knee,
    Laterality,
    Speed,
    Range,
    Phase,
    Condition,
}

impl Dimension {
    pub const ALL: [Dimension; 8] = [
        Dimension::Load,
        Dimension::Position,
        Dimension::Knee,
        Dimension::Laterality,
        Dimension::Speed,
        Dimension::Range,
        Dimension::Phase,
        Dimension::Condition,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Load => "load",
            Dimension::Position => "position",
            Dimension::Knee => "knee",
            Dimension::Laterality => "laterality",
            Dimension::Speed => "speed",
            Dimension::Range => "range",
            Dimension::Phase => "phase",
            Dimension::Condition => "condition",
        }
    }

    fn from_name(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A value index within a dimension (`heavy` within load).
pub type ValueId = u16;

/// What is known of a mention's form: one optional value per dimension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Variant(pub [Option<ValueId>; 8]);

impl Variant {
    pub fn get(&self, dimension: Dimension) -> Option<ValueId> {
        self.0[dimension.index()]
    }

    pub fn set(&mut self, dimension: Dimension, value: ValueId) {
        self.0[dimension.index()] = Some(value);
    }

    /// Fills the dimensions this variant leaves open from `other`.
    pub fn fill_from(&mut self, other: &Variant) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// One canonical exercise.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    /// How findings name it.
    pub name: String,
    pub region: String,
}

/// A condition articles are about (also the values of the condition dimension).
#[derive(Debug, Clone)]
pub struct Condition {
    pub id: String,
}

/// What a normalised phrase stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// A name of an exercise, and the qualifiers the name itself implies.
    Name { exercise: usize, implies: Variant },
    /// Words that contain a name but are not the exercise (`squat down to lift`).
    Exclude { exercise: usize },
    /// A qualifier value (`heavy`, `lying on your back`); conditions are qualifiers too.
    Qualifier {
        dimension: Dimension,
        value: ValueId,
    },
}

/// A phrase found in a text: what it means and the words it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub meaning: Meaning,
    /// Word indices into the [`Words`] of the text.
    pub words: Range<usize>,
}

/// A word's number in a lexicon's vocabulary, which holds every stem found in its phrases.
type WordId = u32;

/// A word of a text that occurs in no phrase.
const UNKNOWN: WordId = WordId::MAX;

/// A text split into words, each as its number in the lexicon's vocabulary, with its byte
/// range in the text.
#[derive(Debug, Clone, Default)]
pub struct Words {
    words: Vec<Word>,
}

/// One word of a [`Words`].
#[derive(Debug, Clone)]
struct Word {
    /// The word's byte range in the original text.
    span: Range<usize>,
    id: WordId,
    /// The prose patterns the word is a trigger of.
    triggers: Triggers,
    /// Whether punctuation that ends a phrase (`.`, `,`, `:`, a line break …) stands before
    /// the word: no name runs across it ("… heavy weights: squatting …").
    parted: bool,
}

impl Words {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The byte range of word `index` in the text.
    pub fn span(&self, index: usize) -> Option<Range<usize>> {
        self.words.get(index).map(|w| w.span.clone())
    }

    /// Every word's byte range in the text.
    pub fn spans(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.words.iter().map(|w| w.span.clone())
    }

    /// The prose patterns that the words within `bytes` are triggers of; every pattern when a
    /// word runs across either end (a part of a word could be a trigger).
    pub fn triggers_within(&self, bytes: Range<usize>) -> Triggers {
        let first = self.words.partition_point(|w| w.span.end <= bytes.start);
        let mut found = 0;
        for word in &self.words[first..] {
            if word.span.start >= bytes.end {
                break;
            }
            if word.span.start < bytes.start || word.span.end > bytes.end {
                return triggers::ALL;
            }
            found |= word.triggers;
        }
        found
    }

    /// The prose patterns that word `index` is a trigger of (none past the last word).
    pub fn triggers_of(&self, index: usize) -> Triggers {
        self.words.get(index).map_or(0, |w| w.triggers)
    }

    /// The byte range in the text covered by a range of words.
    pub fn byte_range(&self, words: &Range<usize>) -> Range<usize> {
        match (
            self.words.get(words.start),
            self.words.get(words.end.wrapping_sub(1)),
        ) {
            (Some(first), Some(last)) => first.span.start..last.span.end,
            _ => 0..0,
        }
    }
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// FNV-1a: the word cache's keys are short words, for which SipHash's setup costs more than
/// the hashing itself. The keys come from the articles, but a collision only costs time.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The word at `word` of `text` (at most 16 ASCII letters and digits), lowercased and packed
/// into one number: zero bytes pad it, and no word contains one, so two words never share a
/// key.
#[inline]
fn packed_key(text: &[u8], word: Range<usize>) -> Option<u128> {
    let len = word.len();
    if len > 16 {
        return None;
    }
    // Setting bit 5 lowercases an ASCII letter and leaves a digit as it is.
    let case = u128::from_le_bytes([0x20; 16]);
    let keep = u128::MAX.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
    let bytes = match text
        .get(word.start..word.start + 16)
        .and_then(|sixteen| <[u8; 16]>::try_from(sixteen).ok())
    {
        Some(sixteen) => sixteen,
        None => {
            let mut bytes = [0u8; 16];
            bytes[..len].copy_from_slice(&text[word]);
            bytes
        }
    };
    Some((u128::from_le_bytes(bytes) | case) & keep)
}

/// What the word cache holds for a word: its number and the prose patterns it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordFacts {
    id: WordId,
    triggers: Triggers,
}

/// Packed words and their facts: open addressing with linear probing, at most half full.
/// Key 0 marks an empty slot (no word packs to 0).
#[derive(Default)]
struct PackedTable {
    keys: Vec<u128>,
    facts: Vec<WordFacts>,
    len: usize,
}

impl PackedTable {
    fn slot(&self, key: u128) -> usize {
        // One wide multiplication mixes all 128 bits into the slot number.
        let product = u128::from(key as u64 ^ 0x243f_6a88_85a3_08d3)
            * u128::from((key >> 64) as u64 ^ 0x1319_8a2e_0370_7344);
        ((product as u64) ^ ((product >> 64) as u64)) as usize & (self.keys.len() - 1)
    }

    fn get(&self, key: u128) -> Option<WordFacts> {
        if self.keys.is_empty() {
            return None;
        }
        let mut at = self.slot(key);
        loop {
            match self.keys[at] {
                k if k == key => return Some(self.facts[at]),
                0 => return None,
                _ => at = (at + 1) & (self.keys.len() - 1),
            }
        }
    }

    fn insert(&mut self, key: u128, facts: WordFacts) {
        if 2 * (self.len + 1) > self.keys.len() {
            let old = std::mem::take(self);
            let size = (old.keys.len() * 2).max(1024);
            self.keys = vec![0; size];
            self.facts = vec![facts; size];
            for (&k, &f) in old.keys.iter().zip(&old.facts) {
                if k != 0 {
                    self.insert(k, f);
                }
            }
        }
        let mut at = self.slot(key);
        while self.keys[at] != 0 && self.keys[at] != key {
            at = (at + 1) & (self.keys.len() - 1);
        }
        if self.keys[at] == 0 {
            self.len += 1;
        }
        self.keys[at] = key;
        self.facts[at] = facts;
    }
}

/// Words already looked up on this thread (by their lowercase), and for which lexicon.
#[derive(Default)]
struct WordCache {
    lexicon: u64,
    /// Short ASCII words, by [`packed_key`].
    packed: PackedTable,
    /// Longer words and words with other characters.
    long: HashMap<String, WordFacts, std::hash::BuildHasherDefault<Fnv>>,
}

impl WordCache {
    fn len(&self) -> usize {
        self.packed.len + self.long.len()
    }
}

thread_local! {
    /// The same words recur in every article, and a lookup is much cheaper than the stemmer.
    static WORD_IDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

/// Beyond this many distinct words the cache stops growing (a bound on memory).
const WORD_CACHE_LIMIT: usize = 100_000;

/// Numbers each compiled lexicon, so a thread's word cache knows whose numbers it holds.
static LEXICON_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The first three characters of a word as an index into a [`Prefixes`] table: letters and
/// digits (ASCII) each have a slot, anything else shares one.
fn prefix_index(word: &str) -> usize {
    let slot = |b: Option<&u8>| match b.map(u8::to_ascii_lowercase) {
        Some(c @ b'a'..=b'z') => usize::from(c - b'a'),
        Some(c @ b'0'..=b'9') => 26 + usize::from(c - b'0'),
        _ => 36,
    };
    let bytes = word.as_bytes();
    (slot(bytes.first()) * 37 + slot(bytes.get(1))) * 37 + slot(bytes.get(2))
}

/// Which word beginnings occur in the lexicon's phrases. A word of an article that begins
/// otherwise cannot be part of any name, qualifier or condition, so it is not looked up.
/// Stemming changes the ends of words, not their first three letters (the few words where
/// it does, such as "lying" → "lie", are covered because both forms are recorded).
struct Prefixes(Vec<bool>);

impl Prefixes {
    fn new() -> Prefixes {
        Prefixes(vec![false; 37 * 37 * 37])
    }

    fn add(&mut self, word: &str) {
        self.0[prefix_index(word)] = true;
    }

    fn contains(&self, word: &str) -> bool {
        self.0[prefix_index(word)]
    }
}

/// The lexicon's phrases as paths of word numbers while they are being added; node 0 is the
/// root. [`Trie`] is its compact form for matching.
#[derive(Debug)]
struct TrieBuilder {
    nodes: Vec<BuilderNode>,
}

#[derive(Debug, Default)]
struct BuilderNode {
    /// Children by word number, sorted.
    next: Vec<(WordId, u32)>,
    /// The phrase that ends here, as an index into the lexicon's meanings.
    phrase: Option<usize>,
}

impl TrieBuilder {
    fn new() -> TrieBuilder {
        TrieBuilder {
            nodes: vec![BuilderNode::default()],
        }
    }

    fn insert(&mut self, words: &[WordId], phrase: usize) {
        let mut node = 0u32;
        for &word in words {
            let next = &self.nodes[node as usize].next;
            node = match next.binary_search_by_key(&word, |(w, _)| *w) {
                Ok(i) => next[i].1,
                Err(at) => {
                    let new = self.nodes.len() as u32;
                    self.nodes[node as usize].next.insert(at, (word, new));
                    self.nodes.push(BuilderNode::default());
                    new
                }
            };
        }
        self.nodes[node as usize].phrase = Some(phrase);
    }

    /// The same paths laid out flat: every node's children side by side in one array, so a
    /// step reads memory that its neighbours' steps have already brought in.
    fn build(self) -> Trie {
        let mut nodes = Vec::with_capacity(self.nodes.len());
        let mut edges = Vec::new();
        for node in &self.nodes {
            nodes.push(TrieNode {
                phrase: node.phrase.map_or(NO_PHRASE, |p| p as u32),
                first_edge: edges.len() as u32,
                edge_count: node.next.len() as u32,
            });
            edges.extend_from_slice(&node.next);
        }
        let mut starts = Vec::new();
        for &(word, child) in &self.nodes[0].next {
            let word = word as usize;
            if starts.len() <= word {
                starts.resize(word + 1, 0);
            }
            starts[word] = child;
        }
        Trie {
            nodes,
            edges,
            starts,
        }
    }
}

/// A node without a phrase ending at it.
const NO_PHRASE: u32 = u32::MAX;

/// The lexicon's phrases as paths of word numbers, ready to match; node 0 is the root.
#[derive(Debug)]
struct Trie {
    nodes: Vec<TrieNode>,
    /// Every node's children by word number, sorted within each node.
    edges: Vec<(WordId, u32)>,
    /// The root's children by word number (0 where no phrase starts with the word): most
    /// words of a text start nothing, and this answers for them at once.
    starts: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    /// The phrase that ends here, as an index into the lexicon's meanings, or [`NO_PHRASE`].
    phrase: u32,
    /// The node's children: `edges[first_edge..first_edge + edge_count]`.
    first_edge: u32,
    edge_count: u32,
}

impl Trie {
    /// The node a phrase's first word leads to from the root.
    fn start(&self, word: WordId) -> Option<u32> {
        self.starts
            .get(word as usize)
            .copied()
            .filter(|&node| node != 0)
    }

    fn step(&self, node: u32, word: WordId) -> Option<u32> {
        let TrieNode {
            first_edge,
            edge_count,
            ..
        } = self.nodes[node as usize];
        let next = &self.edges[first_edge as usize..(first_edge + edge_count) as usize];
        next.binary_search_by_key(&word, |(w, _)| *w)
            .ok()
            .map(|i| next[i].1)
    }

    /// The phrase that ends at `node`, if one does.
    fn phrase(&self, node: u32) -> Option<usize> {
        let phrase = self.nodes[node as usize].phrase;
        (phrase != NO_PHRASE).then_some(phrase as usize)
    }
}

/// A lexicon ready to match: compiled once per run and shared by every article.
#[derive(Debug)]
pub struct Lexicon {
    pub exercises: Vec<Exercise>,
    pub conditions: Vec<Condition>,
    /// Value names per dimension, indexed by [`ValueId`].
    values: [Vec<String>; 8],
    /// For each phrase, what it means (a phrase can mean several things).
    meanings: Vec<Vec<Meaning>>,
    vocabulary: HashMap<String, WordId, std::hash::BuildHasherDefault<Fnv>>,
    trie: Trie,
    prefixes: Prefixes,
    serial: u64,
}

impl std::fmt::Debug for Prefixes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Prefixes({} set)", self.0.iter().filter(|b| **b).count())
    }
}

/// Why a lexicon cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LexiconError(pub String);

// The file as written (see schemas/lexicon.schema.json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[allow(dead_code)] // Checked by the schema; read so that unknown keys stay errors.
    version: u32,
    qualifiers: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    conditions: Vec<ConditionEntry>,
    exercises: Vec<ExerciseEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionEntry {
    pub id: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseEntry {
    pub id: String,
    pub name: String,
    pub region: String,
    pub names: Vec<NameEntry>,
    #[serde(default)]
    pub implies: BTreeMap<String, String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A name, plain or with the qualifiers it implies.
#[derive(Debug, Clone)]
pub enum NameEntry {
    Plain(String),
    Qualified {
        phrase: String,
        implies: BTreeMap<String, String>,
    },
}

/// A name is a string or a map; which one is known from the first token, so serde's
/// `untagged` (which copies every name into a buffer to try each form in turn) is not needed.
/// The built-in lexicon has thousands of names and is read on every run.
impl<'de> Deserialize<'de> for NameEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = NameEntry;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a name, or a map with `phrase` and `implies`")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<NameEntry, E> {
                Ok(NameEntry::Plain(name.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, name: String) -> Result<NameEntry, E> {
                Ok(NameEntry::Plain(name))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<NameEntry, A::Error> {
                #[derive(Deserialize)]
                struct Qualified {
                    phrase: String,
                    implies: BTreeMap<String, String>,
                }
                let q = Qualified::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(NameEntry::Qualified {
                    phrase: q.phrase,
                    implies: q.implies,
                })
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

/// Additions from the configuration file: synonyms for existing exercises and new exercises.
#[derive(Debug, Clone, Default)]
pub struct Additions {
    /// Exercise id → extra names.
    pub synonyms: Vec<(String, Vec<String>)>,
    pub exercises: Vec<ExerciseEntry>,
}

static BUILT_IN_LEXICON: LazyLock<Result<Arc<Lexicon>, LexiconError>> =
    LazyLock::new(|| Lexicon::compile(BUILT_IN, &Additions::default()).map(Arc::new));

impl Lexicon {
    /// The built-in lexicon, compiled on first use.
    pub fn built_in() -> Result<Arc<Lexicon>, LexiconError> {
        BUILT_IN_LEXICON.clone()
    }

    /// Compiles lexicon text plus additions. Duplicate names across exercises are refused:
    /// one phrase must mean one exercise.
    pub fn compile(text: &str, additions: &Additions) -> Result<Lexicon, LexiconError> {
        let file: LexiconFile = serde_saphyr::from_str(text)
            .map_err(|e| LexiconError(format!("the lexicon is not valid: {e}")))?;
        let mut builder = Builder::default();

        // Qualifier values, then conditions as values of the condition dimension.
        let mut values: [Vec<String>; 8] = Default::default();
        for (dimension_name, entries) in &file.qualifiers {
            let dimension = Dimension::from_name(dimension_name)
                .filter(|d| *d != Dimension::Condition)
                .ok_or_else(|| {
                    LexiconError(format!("unknown qualifier dimension `{dimension_name}`"))
                })?;
            for (value_name, phrases) in entries {
                let value = values[dimension.index()].len() as ValueId;
                values[dimension.index()].push(value_name.clone());
                for phrase in phrases {
                    builder.add(phrase, Meaning::Qualifier { dimension, value });
                }
            }
        }
        let mut conditions = Vec::new();
        for entry in &file.conditions {
            let value = values[Dimension::Condition.index()].len() as ValueId;
            values[Dimension::Condition.index()].push(entry.id.clone());
            conditions.push(Condition {
                id: entry.id.clone(),
            });
            for phrase in &entry.names {
                builder.add(
                    phrase,
                    Meaning::Qualifier {
                        dimension: Dimension::Condition,
                        value,
                    },
                );
            }
        }

        let resolve = |implies: &BTreeMap<String, String>, whose: &str| {
            let mut variant = Variant::default();
            for (dimension_name, value_name) in implies {
                let dimension = Dimension::from_name(dimension_name).ok_or_else(|| {
                    LexiconError(format!(
                        "{whose}: unknown qualifier dimension `{dimension_name}`"
                    ))
                })?;
                let value = values[dimension.index()]
                    .iter()
                    .position(|v| v == value_name)
                    .ok_or_else(|| {
                        LexiconError(format!(
                            "{whose}: `{value_name}` is not a value of `{dimension_name}`"
                        ))
                    })?;
                variant.set(dimension, value as ValueId);
            }
            Ok::<Variant, LexiconError>(variant)
        };

        let mut exercises = Vec::new();
        let mut owner: HashMap<String, usize, std::hash::BuildHasherDefault<Fnv>> =
            HashMap::default();
        let entries = file.exercises.iter().chain(&additions.exercises);
        let mut names_of: Vec<Vec<(String, Variant)>> = Vec::new();
        let mut bases: Vec<Variant> = Vec::new();
        for entry in entries {
            if exercises.iter().any(|e: &Exercise| e.id == entry.id) {
                return Err(LexiconError(format!(
                    "the exercise id `{}` is used twice",
                    entry.id
                )));
            }
            if !REGIONS.contains(&entry.region.as_str()) {
                return Err(LexiconError(format!(
                    "`{}`: `{}` is not a region; use one of {}",
                    entry.id,
                    entry.region,
                    REGIONS.join(", ")
                )));
            }
            let index = exercises.len();
            exercises.push(Exercise {
                id: entry.id.clone(),
                name: entry.name.clone(),
                region: entry.region.clone(),
            });
            let base = resolve(&entry.implies, &entry.id)?;
            bases.push(base);
            let mut names = Vec::new();
            for name in &entry.names {
                let (phrase, mut implies) = match name {
                    NameEntry::Plain(phrase) => (phrase, Variant::default()),
                    NameEntry::Qualified { phrase, implies } => {
                        (phrase, resolve(implies, &entry.id)?)
                    }
                };
                implies.fill_from(&base);
                names.push((phrase.clone(), implies));
            }
            for phrase in &entry.exclude {
                builder.add(phrase, Meaning::Exclude { exercise: index });
            }
            names_of.push(names);
        }
        for (id, synonyms) in &additions.synonyms {
            let index = exercises.iter().position(|e| &e.id == id).ok_or_else(|| {
                LexiconError(format!(
                    "synonyms for `{id}`, which is not an exercise in the lexicon"
                ))
            })?;
            let implies = bases[index];
            names_of[index].extend(synonyms.iter().map(|s| (s.clone(), implies)));
        }
        for (index, names) in names_of.into_iter().enumerate() {
            for (phrase, implies) in names {
                let stems = builder.stems(&phrase);
                let key = stems.join(" ");
                if key.is_empty() {
                    return Err(LexiconError(format!(
                        "`{}` has an empty name",
                        exercises[index].id
                    )));
                }
                if let Some(&other) = owner.get(&key)
                    && other != index
                {
                    return Err(LexiconError(format!(
                        "the name `{phrase}` belongs to both `{}` and `{}`",
                        exercises[other].id, exercises[index].id
                    )));
                }
                owner.insert(key, index);
                builder.add_stems(
                    &phrase,
                    &stems,
                    Meaning::Name {
                        exercise: index,
                        implies,
                    },
                );
            }
        }
        Ok(Lexicon {
            exercises,
            conditions,
            values,
            meanings: builder.meanings,
            vocabulary: builder.vocabulary,
            trie: builder.trie.build(),
            prefixes: builder.prefixes,
            serial: LEXICON_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// The name of a qualifier value (`heavy`, `lying`, `spinal_stenosis`).
    pub fn value_name(&self, dimension: Dimension, value: ValueId) -> &str {
        self.values[dimension.index()]
            .get(value as usize)
            .map_or("", String::as_str)
    }

    /// The values a dimension can take.
    pub fn values(&self, dimension: Dimension) -> &[String] {
        &self.values[dimension.index()]
    }

    /// The index of a condition by id.
    pub fn condition(&self, id: &str) -> Option<ValueId> {
        self.conditions
            .iter()
            .position(|c| c.id == id)
            .map(|i| i as ValueId)
    }

    /// Splits an article's text into words for [`Lexicon::find`], looking up only the words
    /// that could be part of a phrase.
    pub fn words(&self, text: &str) -> Words {
        let bytes = text.as_bytes();
        let mut out = Words {
            words: Vec::with_capacity(bytes.len() / 4 + 4),
        };
        WORD_IDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.lexicon != self.serial {
                cache.packed = PackedTable::default();
                cache.long.clear();
                cache.lexicon = self.serial;
            }
            let mut parted = false;
            let mut at = 0;
            while at < bytes.len() {
                let start = at;
                let mut ascii = true;
                match BYTE_CLASSES[usize::from(bytes[at])] {
                    CharClass::Word => at += 1,
                    CharClass::Joins => {
                        at += 1;
                        continue;
                    }
                    CharClass::Parts => {
                        parted = true;
                        at += 1;
                        continue;
                    }
                    CharClass::Other => match char_class(text, at) {
                        (CharClass::Word, len) => {
                            ascii = false;
                            at += len;
                        }
                        (CharClass::Parts, len) => {
                            parted = true;
                            at += len;
                            continue;
                        }
                        (_, len) => {
                            at += len;
                            continue;
                        }
                    },
                }
                while let Some(&byte) = bytes.get(at) {
                    match BYTE_CLASSES[usize::from(byte)] {
                        CharClass::Word => at += 1,
                        CharClass::Other => match char_class(text, at) {
                            (CharClass::Word, len) => {
                                ascii = false;
                                at += len;
                            }
                            _ => break,
                        },
                        _ => break,
                    }
                }
                let packed = if ascii {
                    packed_key(bytes, start..at)
                } else {
                    None
                };
                let facts = match packed.and_then(|key| cache.packed.get(key)) {
                    Some(facts) => facts,
                    None => self.new_word_facts(&text[start..at], &mut cache),
                };
                out.words.push(Word {
                    span: start..at,
                    id: facts.id,
                    triggers: facts.triggers,
                    parted,
                });
                parted = false;
            }
        });
        out
    }

    /// A word's number (or [`UNKNOWN`]) and triggers when the cache of short ASCII words does
    /// not have it: it is new, long or not ASCII.
    #[inline(never)]
    fn new_word_facts(&self, word: &str, cache: &mut WordCache) -> WordFacts {
        // Character by character: a final sigma stays a plain sigma, as in the lexicon's stems.
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        let packed = word
            .is_ascii()
            .then(|| packed_key(word.as_bytes(), 0..word.len()))
            .flatten();
        if packed.is_none()
            && let Some(&facts) = cache.long.get(lower.as_str())
        {
            return facts;
        }
        let id = if self.prefixes.contains(word) {
            self.vocabulary
                .get(STEMMER.stem(&lower).as_ref())
                .copied()
                .unwrap_or(UNKNOWN)
        } else {
            UNKNOWN
        };
        let facts = WordFacts {
            id,
            triggers: triggers::of(word),
        };
        if cache.len() < WORD_CACHE_LIMIT {
            match packed {
                Some(key) => cache.packed.insert(key, facts),
                None => {
                    cache.long.insert(lower, facts);
                }
            }
        }
        facts
    }

    /// Every phrase of the lexicon found in `words`, overlapping ones included, in the order
    /// they end (and longest first among those ending together).
    pub fn find(&self, words: &Words) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(8);
        let words = &words.words;
        for first in 0..words.len() {
            let Some(mut node) = self.trie.start(words[first].id) else {
                continue;
            };
            let mut at = first;
            loop {
                if let Some(phrase) = self.trie.phrase(node) {
                    for meaning in &self.meanings[phrase] {
                        hits.push(Hit {
                            meaning: meaning.clone(),
                            words: first..at + 1,
                        });
                    }
                }
                at += 1;
                if at == words.len() || words[at].parted {
                    break;
                }
                let Some(next) = self.trie.step(node, words[at].id) else {
                    break;
                };
                node = next;
            }
        }
        hits.sort_by_key(|h| (h.words.end, h.words.start));
        hits
    }
}

/// What a character does in [`Lexicon::words`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// A letter or digit.
    Word,
    /// Joins the words of one name (`knee-to-chest`, `child's pose`, `sit/stand`).
    Joins,
    /// Parts them: no name runs across it.
    Parts,
    /// A byte that starts or continues a character outside ASCII: see [`char_class`].
    Other,
}

/// The class of each byte as a character of its own.
static BYTE_CLASSES: [CharClass; 256] = {
    let mut classes = [CharClass::Other; 256];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => CharClass::Word,
            b' ' | b'\t' | b'-' | b'\'' | b'/' | b'*' | b'_' => CharClass::Joins,
            _ => CharClass::Parts,
        };
        byte += 1;
    }
    classes
};

/// The class of the character at byte `at` of `text` (never [`CharClass::Other`]), and its
/// length.
fn char_class(text: &str, at: usize) -> (CharClass, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (BYTE_CLASSES[usize::from(byte)], 1);
    }
    let ch = text[at..].chars().next().unwrap_or(' ');
    let class = if ch.is_alphanumeric() {
        CharClass::Word
    } else if matches!(ch, '–' | '’') {
        CharClass::Joins
    } else {
        CharClass::Parts
    };
    (class, ch.len_utf8())
}

/// Collects phrases and their meanings: one trie path per distinct normalised phrase.
struct Builder {
    index: HashMap<String, usize, std::hash::BuildHasherDefault<Fnv>>,
    meanings: Vec<Vec<Meaning>>,
    vocabulary: HashMap<String, WordId, std::hash::BuildHasherDefault<Fnv>>,
    trie: TrieBuilder,
    prefixes: Prefixes,
    /// Each word's stem, by the word lowercased: the phrases share most of their words.
    stem_of: HashMap<String, String, std::hash::BuildHasherDefault<Fnv>>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            index: HashMap::default(),
            meanings: Vec::new(),
            vocabulary: HashMap::default(),
            trie: TrieBuilder::new(),
            prefixes: Prefixes::new(),
            stem_of: HashMap::default(),
        }
    }
}

impl Builder {
    /// A phrase's words, lowercased and stemmed: a phrase as its words are matched (so
    /// `knee-to-chest` and "Knee to chest" are the same).
    fn stems(&mut self, phrase: &str) -> Vec<String> {
        phrase
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|word| {
                let lower = word.to_lowercase();
                if let Some(stem) = self.stem_of.get(&lower) {
                    return stem.clone();
                }
                let stem = STEMMER.stem(&lower).into_owned();
                self.stem_of.insert(lower, stem.clone());
                stem
            })
            .collect()
    }

    fn add(&mut self, phrase: &str, meaning: Meaning) {
        let stems = self.stems(phrase);
        self.add_stems(phrase, &stems, meaning);
    }

    /// [`Builder::add`] for a phrase already stemmed.
    fn add_stems(&mut self, phrase: &str, stems: &[String], meaning: Meaning) {
        let words = phrase
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        for (word, stem) in words.zip(stems) {
            self.prefixes.add(word);
            self.prefixes.add(stem);
        }
        if stems.is_empty() {
            return;
        }
        let key = stems.join(" ");
        let at = match self.index.get(&key) {
            Some(&at) => at,
            None => {
                let at = self.meanings.len();
                self.meanings.push(Vec::new());
                let mut ids = Vec::with_capacity(stems.len());
                for stem in stems {
                    let next = self.vocabulary.len() as WordId;
                    ids.push(*self.vocabulary.entry(stem.clone()).or_insert(next));
                }
                self.trie.insert(&ids, at);
                self.index.insert(key, at);
                at
            }
        };
        if !self.meanings[at].contains(&meaning) {
            self.meanings[at].push(meaning);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SMALL: &str = r#"
version: 1
qualifiers:
  load:
    heavy: [heavy, weighted]
    light: [bodyweight, wall]
  knee:
    straight: [straight leg, straight legs]
    bent: [bent knee]
conditions:
  - id: sciatica
    names: [sciatica]
exercises:
  - id: squat
    name: squat
    region: knee
    names:
      - squat
      - {phrase: wall squat, implies: {load: light}}
    exclude: [squat down to]
  - id: knee_to_chest
    name: knee-to-chest stretch
    region: back
    names: [knee to chest, knee hug]
"#;

    fn lexicon() -> Lexicon {
        Lexicon::compile(SMALL, &Additions::default()).unwrap()
    }

    fn found(lexicon: &Lexicon, text: &str) -> Vec<(String, String)> {
        let w = lexicon.words(text);
        lexicon
            .find(&w)
            .into_iter()
            .map(|h| {
                let what = match h.meaning {
                    Meaning::Name { exercise, .. } => lexicon.exercises[exercise].id.clone(),
                    Meaning::Exclude { .. } => "exclude".into(),
                    Meaning::Qualifier { dimension, value } => {
                        format!(
                            "{}={}",
                            dimension.name(),
                            lexicon.value_name(dimension, value)
                        )
                    }
                };
                (what, text[w.byte_range(&h.words)].to_string())
            })
            .collect()
    }

    #[test]
    fn names_match_across_plurals_verb_forms_hyphens_and_case() {
        let l = lexicon();
        assert_eq!(
            found(&l, "Knee-to-chest stretches and Squatting"),
            [
                ("knee_to_chest".into(), "Knee-to-chest".into()),
                ("squat".into(), "Squatting".into())
            ]
        );
        assert!(found(&l, "squatter squad kneecap").is_empty());
    }

    #[test]
    fn qualified_names_and_qualifiers_overlap() {
        let l = lexicon();
        let hits = found(&l, "Heavy wall squats with straight legs");
        assert!(hits.contains(&("squat".into(), "wall squats".into())));
        assert!(hits.contains(&("squat".into(), "squats".into())));
        assert!(hits.contains(&("load=light".into(), "wall".into())));
        assert!(hits.contains(&("load=heavy".into(), "Heavy".into())));
        assert!(hits.contains(&("knee=straight".into(), "straight legs".into())));
    }

    #[test]
    fn the_built_in_lexicon_follows_its_schema_and_compiles() {
        let value: serde_json::Value = serde_saphyr::from_str(BUILT_IN).unwrap();
        let problems = crate::schema::lexicon_problems(&value).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
        let lexicon = Lexicon::built_in().unwrap();
        assert!(
            lexicon.exercises.len() >= 120,
            "{}",
            lexicon.exercises.len()
        );
        for region in [
            "back",
            "neck",
            "shoulder",
            "elbow",
            "wrist",
            "hip",
            "knee",
            "ankle",
            "foot",
            "yoga",
            "gym",
            "plyometrics",
        ] {
            assert!(
                lexicon.exercises.iter().any(|e| e.region == region),
                "no exercise for {region}"
            );
        }
    }

    #[test]
    fn words_split_on_letters_and_digits_and_note_parting_marks() {
        // The rule as written: words are runs of letters and digits; a gap other than joining
        // marks parts two words.
        fn expected(text: &str) -> (Vec<Range<usize>>, Vec<bool>) {
            let mut spans: Vec<Range<usize>> = Vec::new();
            let mut start = None;
            for (i, ch) in text.char_indices().chain([(text.len(), ' ')]) {
                match (ch.is_alphanumeric() && i < text.len(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        spans.push(s..i);
                        start = None;
                    }
                    _ => {}
                }
            }
            let breaks = (0..spans.len())
                .map(|i| {
                    let gap = if i == 0 {
                        ""
                    } else {
                        &text[spans[i - 1].end..spans[i].start]
                    };
                    gap.chars().any(|c| {
                        !matches!(c, ' ' | '\t' | '-' | '–' | '\'' | '’' | '/' | '*' | '_')
                    })
                })
                .collect();
            (spans, breaks)
        }
        let l = lexicon();
        for text in [
            "",
            "Squat",
            "  knee-to-chest, then: WALL squats!",
            "café squats — naïve Knee–to–chest’s İstanbul ﬁne 🙂 x\u{a0}y",
            "sit/stand *heavy* squat_down 3x10 reps.\nNext",
            "αβγ ΣΊΣΥΦΟΣ 東京 squat",
        ] {
            let words = l.words(text);
            let (spans, breaks) = expected(text);
            assert_eq!(words.spans().collect::<Vec<_>>(), spans, "{text:?}");
            let parted: Vec<bool> = words.words.iter().map(|w| w.parted).collect();
            assert_eq!(parted, breaks, "{text:?}");
        }
    }

    #[test]
    fn the_word_cache_keeps_every_packed_word_apart() {
        let packed = |word: &str| packed_key(word.as_bytes(), 0..word.len());
        let mut table = PackedTable::default();
        let facts = |i: usize| WordFacts {
            id: i as WordId,
            triggers: (i % 7) as Triggers,
        };
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        for (i, word) in words.iter().enumerate() {
            table.insert(packed(word).unwrap(), facts(i));
        }
        for (i, word) in words.iter().enumerate() {
            let upper = word.to_ascii_uppercase();
            assert_eq!(table.get(packed(&upper).unwrap()), Some(facts(i)));
        }
        assert_eq!(table.get(packed("w5000x").unwrap()), None);
        assert_eq!(packed(&"a".repeat(17)), None);
        assert_ne!(packed("ab"), packed("ab0"));
        // A key read from a longer text is the key of the word alone.
        let text = b"Squat twenty times, 16 in a row: SixteenLetterWord fin";
        for (at, word) in [(0, "squat"), (20, "16"), (33, "sixteenletterword")] {
            assert_eq!(
                packed_key(text, at..at + word.len()),
                packed(word),
                "{word}"
            );
        }
        assert_eq!(packed_key(text, 51..54), packed("FIN"));
    }

    #[test]
    fn names_do_not_run_across_punctuation() {
        let l = lexicon();
        assert!(found(&l, "Knee, to chest").is_empty());
        assert!(found(&l, "knee.\nTo chest").is_empty());
        assert_eq!(found(&l, "knee-to-chest").len(), 1);
        let hits = found(&l, "a wall: squat");
        assert!(hits.contains(&("squat".into(), "squat".into())), "{hits:?}");
        assert!(
            !hits.iter().any(|(_, words)| words == "wall: squat"),
            "{hits:?}"
        );
    }

    #[test]
    fn a_name_is_a_string_or_a_phrase_with_what_it_implies() {
        let l = lexicon();
        let wall = l
            .find(&l.words("wall squats"))
            .into_iter()
            .find_map(|h| match h.meaning {
                Meaning::Name { implies, .. } if h.words == (0..2) => Some(implies),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            wall.get(Dimension::Load)
                .map(|v| l.value_name(Dimension::Load, v)),
            Some("light")
        );
        let listed = SMALL.replace("- squat\n", "- [squat, squats]\n");
        let e = Lexicon::compile(&listed, &Additions::default()).unwrap_err();
        assert!(
            e.0.contains("a name, or a map with `phrase` and `implies`"),
            "{e}"
        );
        let partial = SMALL.replace(
            "{phrase: wall squat, implies: {load: light}}",
            "{phrase: wall squat}",
        );
        let e = Lexicon::compile(&partial, &Additions::default()).unwrap_err();
        assert!(e.0.contains("implies"), "{e}");
    }

    #[test]
    fn a_name_is_refused_under_two_exercises() {
        let bad = SMALL.replace("[knee to chest, knee hug]", "[knee to chest, squats]");
        let e = Lexicon::compile(&bad, &Additions::default()).unwrap_err();
        assert!(
            e.0.contains("`squats` belongs to both `squat` and `knee_to_chest`"),
            "{e}"
        );
    }

    #[test]
    fn additions_extend_the_lexicon() {
        let additions = Additions {
            synonyms: vec![("squat".into(), vec!["sit-back".into()])],
            exercises: vec![ExerciseEntry {
                id: "clam".into(),
                name: "clamshell".into(),
                region: "hip".into(),
                names: vec![NameEntry::Plain("clamshell".into())],
                implies: BTreeMap::new(),
                exclude: Vec::new(),
            }],
        };
        let l = Lexicon::compile(SMALL, &additions).unwrap();
        assert_eq!(
            found(&l, "sit-backs and clamshells"),
            [
                ("squat".into(), "sit-backs".into()),
                ("clam".into(), "clamshells".into())
            ]
        );
        let unknown = Additions {
            synonyms: vec![("nope".into(), vec!["x".into()])],
            ..Additions::default()
        };
        assert!(Lexicon::compile(SMALL, &unknown).is_err());
    }
}
