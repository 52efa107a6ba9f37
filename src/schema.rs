//! The article document and its validation. An [`Article`] is projected to a JSON document (what
//! `healthlint dump` prints) with a JSON pointer → span map, and validated with `jsonschema`
//! (JSON Schema 2020-12, format validation on) against the built-in or a user's schema. Each
//! failure comes back as a [`SchemaFailure`] with the span to underline and the rule that owns it,
//! named in the schema by `x-healthlint-rule` / `x-healthlint-required`; rules turn them into
//! diagnostics. This is the only module that uses the `jsonschema` crate.

use crate::advice::AdviceReport;
use crate::advice::lexicon::{Dimension, Lexicon};
use crate::advice::stance as advice;
use crate::article::dates::{self, DateOrder};
use crate::article::{Advice, Article, Reference};
use crate::source::Span;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in schema, `schemas/article.schema.json`.
pub const BUILT_IN: &str = include_str!("../schemas/article.schema.json");

/// The shape of the exercise lexicon, `schemas/lexicon.schema.json`.
pub const LEXICON_SCHEMA: &str = include_str!("../schemas/lexicon.schema.json");

/// Every way a lexicon (as JSON) breaks the lexicon schema, as "pointer: message".
pub fn lexicon_problems(lexicon: &Value) -> Result<Vec<String>, SchemaError> {
    let schema = Schema::from_text(LEXICON_SCHEMA, "lexicon schema")?;
    Ok(schema
        .validator
        .iter_errors(lexicon)
        .map(|e| format!("{}: {e}", pointer_or_root(e.instance_path().as_str())))
        .collect())
}

/// What the exercise-advice analysis adds to the article document. `dump` shows all of it;
/// `check` builds only what its schema reads, because building the mentions for thousands of
/// articles costs time that nothing would use.
#[derive(Debug, Clone, Copy)]
pub enum AdviceFields<'a> {
    /// `advice.exercises` (every mention) and `advice.conditions`.
    All(&'a AdviceReport, &'a Lexicon),
    /// `advice.conditions` only.
    Conditions(&'a AdviceReport, &'a Lexicon),
    /// Neither: the article was not analysed, as no rule and nothing in the schema needs it.
    Neither,
}

/// Whether `conditions` appears anywhere below an `advice` key, as a key or as a name (in
/// `required`, say): the article's own front matter `conditions` is a different, top-level
/// field.
fn mentions_advice_conditions(schema: &Value, under_advice: bool) -> bool {
    match schema {
        Value::String(name) => under_advice && name == "conditions",
        Value::Object(map) => map.iter().any(|(key, value)| {
            (under_advice && key == "conditions")
                || mentions_advice_conditions(value, under_advice || key == "advice")
        }),
        Value::Array(items) => items
            .iter()
            .any(|item| mentions_advice_conditions(item, under_advice)),
        _ => false,
    }
}

/// A compiled schema, built once per run.
pub struct Schema {
    validator: jsonschema::Validator,
    raw: Value,
    reads_exercises: bool,
    reads_conditions: bool,
}

/// Why a schema could not be used: names the file and the problem.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct SchemaError {
    pub origin: String,
    pub message: String,
}

impl Schema {
    /// The built-in schema.
    pub fn built_in() -> Result<Schema, SchemaError> {
        Self::from_text(BUILT_IN, "built-in schema")
    }

    /// A schema file given with `--schema`.
    pub fn from_file(path: &Path) -> Result<Schema, SchemaError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SchemaError {
            origin: origin.clone(),
            message: format!("cannot read the schema: {e}"),
        })?;
        Self::from_text(&text, &origin)
    }

    fn from_text(text: &str, origin: &str) -> Result<Schema, SchemaError> {
        let err = |message: String| SchemaError {
            origin: origin.to_string(),
            message,
        };
        let raw: Value =
            serde_json::from_str(text).map_err(|e| err(format!("not valid JSON: {e}")))?;
        if !raw.is_object() && !raw.is_boolean() {
            return Err(err("a JSON Schema must be an object or a boolean".into()));
        }
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&raw)
            .map_err(|e| {
                err(format!(
                    "not a valid JSON Schema: {e} (at {})",
                    pointer_or_root(e.instance_path().as_str())
                ))
            })?;
        let reads_exercises = text.contains("\"exercises\"");
        let reads_conditions = mentions_advice_conditions(&raw, false);
        Ok(Schema {
            validator,
            raw,
            reads_exercises,
            reads_conditions,
        })
    }

    /// Whether the schema refers to the exercise mentions at all.
    pub fn reads_exercises(&self) -> bool {
        self.reads_exercises
    }

    /// Whether the schema reads anything that the exercise-advice analysis finds: the
    /// mentions, or the conditions under `advice`.
    pub fn reads_advice_analysis(&self) -> bool {
        self.reads_exercises || self.reads_conditions
    }

    /// Every way `document` breaks the schema, each with its span and owning rule.
    pub fn validate(&self, document: &ArticleDocument) -> Vec<SchemaFailure> {
        let mut failures: Vec<SchemaFailure> = Vec::new();
        for error in self.validator.iter_errors(&document.value) {
            let instance_pointer = error.instance_path().as_str().to_string();
            let keyword_pointer = error.schema_path().as_str().to_string();
            let (keyword_parent, keyword) = keyword_pointer
                .rsplit_once('/')
                .unwrap_or(("", &keyword_pointer));
            let parent = self.raw.pointer(keyword_parent);
            let (missing, rule) = match error.kind() {
                jsonschema::error::ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default().to_string();
                    let rule = parent
                        .and_then(|p| p.get("x-healthlint-required"))
                        .and_then(|m| m.get(&name))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    (Some(name), rule)
                }
                _ => (
                    None,
                    parent
                        .and_then(|p| p.get("x-healthlint-rule"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                ),
            };
            let failure = SchemaFailure {
                span: document.span_for(&instance_pointer),
                instance: document
                    .value
                    .pointer(&instance_pointer)
                    .cloned()
                    .unwrap_or(Value::Null),
                instance_pointer,
                keyword: keyword.to_string(),
                keyword_pointer,
                missing,
                rule,
                message: error.to_string(),
            };
            let same = |f: &SchemaFailure| {
                f.span == failure.span && f.rule.is_some() && f.rule == failure.rule
            };
            if !failures.iter().any(same) {
                failures.push(failure);
            }
        }
        failures
    }
}

fn pointer_or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the root"
    } else {
        pointer
    }
}

/// One way the article document breaks the schema.
#[derive(Debug, Clone)]
pub struct SchemaFailure {
    /// Where to underline: the value itself, or for a missing property its parent.
    pub span: Span,
    /// The JSON pointer of the failing value (the parent object for a missing property).
    pub instance_pointer: String,
    /// The failing value, for messages (a reference entry's title, say).
    pub instance: Value,
    /// The schema keyword that failed (`required`, `format`, `minItems`…) and its location.
    pub keyword: String,
    pub keyword_pointer: String,
    /// For `required`: the missing property.
    pub missing: Option<String>,
    /// The rule code the schema assigns to this failure, if any.
    pub rule: Option<String>,
    /// The validator's own wording.
    pub message: String,
}

/// The article as the schema sees it, with a span for every pointer written.
#[derive(Debug, Clone)]
pub struct ArticleDocument {
    pub value: Value,
    pub spans: BTreeMap<String, Span>,
    /// Where a pointer with no span of its own (and no ancestor with one) points.
    pub anchor: Span,
}

impl ArticleDocument {
    /// The span of `pointer`, or of its nearest ancestor that has one.
    pub fn span_for(&self, pointer: &str) -> Span {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return *span;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return self.anchor,
            }
        }
    }
}

/// Keys the projection writes itself; front matter keys of the same name are replaced.
const DERIVED_KEYS: &[&str] = &[
    "format",
    "title",
    "sections",
    "references",
    "links",
    "advice",
];

/// Builds the article document. Front matter keys are kept as written (schemas may require
/// `authors` or `published`); the derived keys above are healthlint's reading of the article.
pub fn project(
    article: &Article,
    date_order: Option<DateOrder>,
    analysis: AdviceFields<'_>,
) -> ArticleDocument {
    let mut doc = Map::new();
    let mut spans = BTreeMap::new();
    if let Some(fm) = &article.front_matter {
        for (key, value) in &fm.value {
            if DERIVED_KEYS.contains(&key.as_str()) {
                continue;
            }
            doc.insert(key.clone(), value.clone());
            let prefix = format!("/{}", crate::article::frontmatter::escape(key));
            for (pointer, span) in fm.spans.range(prefix.clone()..) {
                if pointer == &prefix || pointer.starts_with(&format!("{prefix}/")) {
                    spans.insert(pointer.clone(), *span);
                } else if !pointer.starts_with(&prefix) {
                    break;
                }
            }
        }
    }

    doc.insert("format".into(), json!(article.format.as_str()));
    if let Some(title) = &article.title {
        doc.insert("title".into(), json!(title.value));
        spans.insert("/title".into(), title.span);
    }

    let mut sections = Vec::new();
    for (i, section) in article.sections.iter().enumerate() {
        let mut s = Map::new();
        if let Some(h) = &section.heading {
            s.insert("heading".into(), json!(h.value));
            spans.insert(format!("/sections/{i}"), h.span);
            spans.insert(format!("/sections/{i}/heading"), h.span);
        }
        s.insert("level".into(), json!(section.level));
        s.insert("advice".into(), json!(section.advice));
        let items: Vec<Value> = section
            .items
            .iter()
            .enumerate()
            .map(|(j, item)| {
                spans.insert(format!("/sections/{i}/items/{j}"), item.text.span);
                item_json(item, None)
            })
            .collect();
        s.insert("items".into(), Value::Array(items));
        s.insert("paragraphs".into(), json!(section.paragraphs.len()));
        sections.push(Value::Object(s));
    }
    doc.insert("sections".into(), Value::Array(sections));

    let fm_refs = article
        .front_matter
        .as_ref()
        .and_then(|fm| fm.value.get("references"))
        .and_then(Value::as_array);
    let references: Vec<Value> = article
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let extra = r
                .front_matter_index
                .and_then(|k| fm_refs.and_then(|refs| refs.get(k)));
            reference_json(
                r,
                extra,
                date_order,
                &format!("/references/{i}"),
                &mut spans,
            )
        })
        .collect();
    // No reference list at all is a missing property; an empty front-matter list is an empty one.
    if !references.is_empty() || fm_refs.is_some() {
        doc.insert("references".into(), Value::Array(references));
    }

    let links: Vec<Value> = article
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            spans.insert(format!("/links/{i}"), l.url.span);
            spans.insert(format!("/links/{i}/url"), l.url.span);
            let mut link = Map::new();
            link.insert("url".into(), json!(l.url.value));
            if let Some(text) = &l.text {
                link.insert("text".into(), json!(text));
            }
            Value::Object(link)
        })
        .collect();
    doc.insert("links".into(), Value::Array(links));

    let mut advice = Map::new();
    for (key, kind) in [("recommended", Advice::Recommend), ("avoid", Advice::Avoid)] {
        let mut items: Vec<Value> = article
            .advice_items(kind)
            .enumerate()
            .map(|(j, (section, item))| {
                spans.insert(format!("/advice/{key}/{j}"), item.text.span);
                let mut value = item_json(item, section.heading.as_ref().map(|h| h.value.as_str()));
                value["source"] = json!("list");
                value
            })
            .collect();
        // Advice against can also be a sentence anywhere: "Steer clear of sit-ups for now."
        if kind == Advice::Avoid {
            for section in &article.sections {
                for sentence in section
                    .paragraphs
                    .iter()
                    .flat_map(advice::against_sentences)
                {
                    spans.insert(format!("/advice/{key}/{}", items.len()), sentence.span);
                    let mut value = Map::new();
                    value.insert("text".into(), json!(sentence.value));
                    if let Some(h) = &section.heading {
                        value.insert("section".into(), json!(h.value));
                    }
                    value.insert("source".into(), json!("sentence"));
                    items.push(Value::Object(value));
                }
            }
        }
        advice.insert(key.into(), Value::Array(items));
    }
    // Every exercise the article names, with its form and stance.
    if let AdviceFields::All(report, lexicon) = analysis {
        let exercises: Vec<Value> = report
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                spans.insert(format!("/advice/exercises/{i}"), m.span);
                let qualifiers: Map<String, Value> = Dimension::ALL
                    .iter()
                    .filter_map(|d| {
                        let v = m.variant.get(*d)?;
                        Some((d.name().to_string(), json!(lexicon.value_name(*d, v))))
                    })
                    .collect();
                let exercise = &lexicon.exercises[m.exercise];
                json!({
                    "exercise": exercise.id,
                    "name": exercise.name,
                    "text": m.text,
                    "stance": m.stance,
                    "stance_from": m.source.describe(),
                    "qualifiers": qualifiers,
                })
            })
            .collect();
        advice.insert("exercises".into(), Value::Array(exercises));
    }
    if let AdviceFields::All(report, lexicon) | AdviceFields::Conditions(report, lexicon) = analysis
    {
        let conditions: Vec<Value> = report
            .conditions
            .iter()
            .map(|c| json!(lexicon.value_name(Dimension::Condition, *c)))
            .collect();
        advice.insert("conditions".into(), Value::Array(conditions));
    }
    // Both lists point at the first recommending heading: a missing avoid-list is noticed there.
    if let Some(h) = article
        .sections
        .iter()
        .find(|s| s.advice == Advice::Recommend)
        .and_then(|s| s.heading.as_ref())
    {
        spans.insert("/advice".into(), h.span);
    }
    doc.insert("advice".into(), Value::Object(advice));

    if let Some(fm) = &article.front_matter {
        spans.insert(String::new(), fm.span);
    }
    ArticleDocument {
        value: Value::Object(doc),
        spans,
        anchor: article.anchor,
    }
}

fn item_json(item: &crate::article::ListItem, section: Option<&str>) -> Value {
    let mut v = Map::new();
    v.insert("text".into(), json!(item.text.value));
    if let Some(label) = &item.label {
        v.insert("label".into(), json!(label.value));
    }
    if let Some(section) = section {
        v.insert("section".into(), json!(section));
    }
    Value::Object(v)
}

fn reference_json(
    r: &Reference,
    front_matter_entry: Option<&Value>,
    date_order: Option<DateOrder>,
    pointer: &str,
    spans: &mut BTreeMap<String, Span>,
) -> Value {
    let mut v = match front_matter_entry {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    spans.insert(pointer.to_string(), r.span);
    for (key, field) in [("title", &r.title), ("url", &r.url)] {
        v.remove(key);
        if let Some(field) = field {
            v.insert(key.into(), json!(field.value));
            spans.insert(format!("{pointer}/{key}"), field.span);
        }
    }
    v.remove("accessed");
    if let Some(accessed) = &r.accessed {
        let reading = dates::read(&accessed.value, date_order);
        v.insert(
            "accessed".into(),
            json!(reading.iso().unwrap_or_else(|| accessed.value.clone())),
        );
        v.insert("accessed_text".into(), json!(accessed.value));
        spans.insert(format!("{pointer}/accessed"), accessed.span);
        spans.insert(format!("{pointer}/accessed_text"), accessed.span);
    }
    v.insert("origin".into(), json!(r.origin));
    Value::Object(v)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn schema(text: &str) -> Schema {
        Schema::from_text(text, "test").unwrap()
    }

    #[test]
    fn a_schema_reads_the_advice_analysis_only_where_it_says_so() {
        let built_in = schema(BUILT_IN);
        assert!(
            !built_in.reads_advice_analysis(),
            "front matter `conditions` is not the analysis"
        );
        let conditions = schema(
            r#"{"properties": {"advice": {"properties": {"conditions": {"minItems": 1}}}}}"#,
        );
        assert!(conditions.reads_advice_analysis() && !conditions.reads_exercises());
        let required = schema(r#"{"properties": {"advice": {"required": ["conditions"]}}}"#);
        assert!(required.reads_advice_analysis());
        let elsewhere = schema(r#"{"required": ["conditions"], "properties": {"advice": {}}}"#);
        assert!(!elsewhere.reads_advice_analysis());
        let exercises = schema(r#"{"properties": {"advice": {"required": ["exercises"]}}}"#);
        assert!(exercises.reads_advice_analysis() && exercises.reads_exercises());
    }
}
