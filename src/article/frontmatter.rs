//! YAML front matter between `---` lines, read into a JSON value plus a JSON-pointer → span map,
//! so a schema error about `/references/1/accessed` can underline that date.
//! The tree is built from saphyr's event stream with an explicit stack rather than saphyr's
//! recursive loader: nesting depth and alias expansion are bounded here, so hostile YAML (an alias
//! bomb, ten thousand nested brackets) becomes a finding instead of a crash.

use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Deeper YAML than this is refused: no article needs it, and it costs stack elsewhere.
pub const MAX_DEPTH: usize = 64;
/// Nodes that alias expansion may add in total; a "billion laughs" document stops here.
pub const MAX_ALIAS_NODES: usize = 10_000;

/// A parsed front matter block.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing delimiter line.
    pub span: Span,
    pub value: Map<String, Value>,
    /// JSON pointer (RFC 6901) of every node → its span in the file.
    pub spans: BTreeMap<String, Span>,
}

impl FrontMatter {
    pub fn span_of(&self, pointer: &str) -> Option<Span> {
        self.spans.get(pointer).copied()
    }
}

/// Why the front matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub span: Span,
}

/// Where the front matter and the body lie in a file.
pub struct Split {
    /// `(whole block, YAML content)` when the file opens with `---`.
    pub block: Option<(Span, Span)>,
    pub body_start: usize,
}

/// Finds a front matter block at the start of `text` (after an optional BOM at `start`).
/// `Err` carries the span of the opening line when the block is never closed.
pub fn split(text: &str, start: usize) -> Result<Split, FrontMatterError> {
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Ok(Split {
            block: None,
            body_start: start,
        });
    }
    let content_start = start + first_end;
    let mut offset = content_start;
    for line in text[content_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let block = Span::new(start, offset + bare.len());
            return Ok(Split {
                block: Some((block, Span::new(content_start, offset))),
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        message: "the front matter opened on line 1 is never closed".into(),
        span: Span::new(start, start + rest[..first_end].trim_end().len()),
    })
}

enum Frame {
    Seq {
        items: Vec<Value>,
    },
    Map {
        map: Map<String, Value>,
        key: Option<String>,
    },
}

struct Open {
    frame: Frame,
    anchor: usize,
    pointer: String,
    span: Span,
    /// Where the last child ended: block collections end there, not at the next token.
    last_child_end: Option<usize>,
}

/// Reads the YAML in `content` (a span of `text`) into a front matter value.
pub fn parse(text: &str, block: Span, content: Span) -> Result<FrontMatter, FrontMatterError> {
    let yaml = &text[content.range()];
    // saphyr reports positions in characters; map them back to bytes of the file.
    let char_to_byte: Vec<usize> = yaml
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(yaml.len()))
        .collect();
    let to_span = |s: saphyr_parser::Span| {
        let byte = |i: usize| content.start + char_to_byte.get(i).copied().unwrap_or(yaml.len());
        Span::new(byte(s.start.index()), byte(s.end.index()))
    };

    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
    let mut alias_budget = MAX_ALIAS_NODES;
    let mut spans = BTreeMap::new();
    let mut root: Option<Value> = None;

    for event in Parser::new_from_str(yaml) {
        let (event, raw_span) = event.map_err(|e| FrontMatterError {
            message: format!("the front matter is not valid YAML: {}", e.info()),
            span: {
                let at = to_span(saphyr_parser::Span::empty(*e.marker()));
                let end = text[at.start..content.end]
                    .find('\n')
                    .map_or(content.end, |i| at.start + i);
                Span::new(at.start, end.max(at.start))
            },
        })?;
        let span = to_span(raw_span);
        // A finished node: its value, anchor and span.
        let finished: Option<(Value, usize, Span)> = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => None,
            Event::Nothing => None,
            Event::Scalar(value, style, anchor, tag) => {
                Some((scalar_to_json(value, style, tag.as_ref()), anchor, span))
            }
            Event::Alias(id) => {
                let Some((value, nodes)) = anchors.get(&id) else {
                    return Err(FrontMatterError {
                        message: "the front matter uses an alias whose anchor is not defined"
                            .into(),
                        span,
                    });
                };
                if *nodes > alias_budget {
                    return Err(FrontMatterError {
                        message: format!(
                            "the front matter's aliases expand to more than {MAX_ALIAS_NODES} values \
                             (a YAML alias bomb)"
                        ),
                        span,
                    });
                }
                alias_budget -= nodes;
                Some((value.clone(), 0, span))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(FrontMatterError {
                        message: format!(
                            "the front matter is nested more than {MAX_DEPTH} levels deep"
                        ),
                        span,
                    });
                }
                let pointer =
                    child_pointer(&stack).map_err(|message| FrontMatterError { message, span })?;
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { items: Vec::new() }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        key: None,
                    }
                };
                stack.push(Open {
                    frame,
                    anchor,
                    pointer,
                    span,
                    last_child_end: None,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                let value = match open.frame {
                    Frame::Seq { items } => Value::Array(items),
                    Frame::Map { map, .. } => Value::Object(map),
                };
                // A flow collection's end event covers its `]`/`}`; a block collection's is empty
                // and sits at the next token, so the collection ends with its last child.
                let end = if span.is_empty() {
                    open.last_child_end.unwrap_or(span.end)
                } else {
                    span.end
                };
                Some((value, open.anchor, Span::new(open.span.start, end)))
            }
        };
        let Some((value, anchor, span)) = finished else {
            continue;
        };
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), count_nodes(&value)));
        }
        match stack.last_mut() {
            None => {
                spans.insert(String::new(), span);
                root = Some(value);
            }
            Some(open) => {
                open.last_child_end = Some(span.end);
                let parent_pointer = open.pointer.clone();
                match &mut open.frame {
                    Frame::Seq { items } => {
                        spans.insert(format!("{parent_pointer}/{}", items.len()), span);
                        items.push(value);
                    }
                    Frame::Map { map, key } => match key.take() {
                        None => {
                            let name = match value {
                                Value::String(s) => s,
                                Value::Null => String::new(),
                                Value::Bool(_) | Value::Number(_) => value.to_string(),
                                _ => {
                                    return Err(FrontMatterError {
                                        message: "the front matter uses a list or mapping as a key"
                                            .into(),
                                        span,
                                    });
                                }
                            };
                            *key = Some(name);
                        }
                        Some(name) => {
                            spans.insert(format!("{parent_pointer}/{}", escape(&name)), span);
                            map.insert(name, value);
                        }
                    },
                }
            }
        }
    }

    let value = match root {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(FrontMatterError {
                message: "the front matter is not a mapping of keys to values".into(),
                span: content,
            });
        }
    };
    spans.insert(String::new(), block);
    Ok(FrontMatter {
        span: block,
        value,
        spans,
    })
}

/// The pointer of a collection that starts now, as a child of the innermost open collection.
fn child_pointer(stack: &[Open]) -> Result<String, String> {
    let Some(open) = stack.last() else {
        return Ok(String::new());
    };
    match &open.frame {
        Frame::Seq { items } => Ok(format!("{}/{}", open.pointer, items.len())),
        Frame::Map { key: Some(key), .. } => Ok(format!("{}/{}", open.pointer, escape(key))),
        Frame::Map { key: None, .. } => {
            Err("the front matter uses a list or mapping as a key".into())
        }
    }
}

/// Escapes a key for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Resolves a scalar with YAML 1.2's core schema (saphyr's resolver): quoted text stays text;
/// `2025-07-19` stays text too, since YAML 1.2 has no timestamp type.
fn scalar_to_json(raw: Cow<'_, str>, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Value {
    use saphyr::Scalar;
    let text = raw.to_string();
    match Scalar::parse_from_cow_and_metadata(raw, style, tag) {
        Some(Scalar::Null) => Value::Null,
        Some(Scalar::Boolean(b)) => Value::Bool(b),
        Some(Scalar::Integer(i)) => Value::Number(i.into()),
        Some(Scalar::FloatingPoint(f)) => {
            Number::from_f64(f.into_inner()).map_or(Value::String(text), Value::Number)
        }
        Some(Scalar::String(s)) => Value::String(s.into_owned()),
        None => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<FrontMatter, FrontMatterError> {
        let split = split(text, 0)?;
        let (block, content) = split.block.ok_or(FrontMatterError {
            message: "none".into(),
            span: Span::default(),
        })?;
        parse(text, block, content)
    }

    #[test]
    fn values_carry_byte_spans() {
        let text = "---\ntitle: Knee pain — a guide\nreferences:\n  - url: https://example.org/a\n    accessed: 2025-07-19\n---\nbody\n";
        let fm = load(text).expect("parses");
        let title = fm.span_of("/title").expect("title span");
        assert_eq!(&text[title.range()], "Knee pain — a guide");
        let date = fm.span_of("/references/0/accessed").expect("date span");
        assert_eq!(&text[date.range()], "2025-07-19");
        assert_eq!(fm.value["references"][0]["accessed"], "2025-07-19");
        let entry = fm.span_of("/references/0").expect("entry span");
        assert!(text[entry.range()].starts_with("url:"));
        assert!(text[entry.range()].ends_with("2025-07-19"));
    }

    #[test]
    fn unterminated_block_is_an_error() {
        let err = load("---\ntitle: x\nbody without end\n").expect_err("error");
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            yaml.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        yaml.push_str("---\n");
        let err = load(&yaml).expect_err("error");
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let flow = format!(
            "---\nkey: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(load(&flow).is_err());
        let mut block = String::from("---\n");
        for depth in 0..100 {
            block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        block.push_str("---\n");
        let err = load(&block).expect_err("error");
        assert!(
            err.message.contains("nested more than 64"),
            "{}",
            err.message
        );
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let fm = load("---\na: 3\nb: true\nc: '3'\nd: ~\ne: 2025-07-19\n---\n").expect("parses");
        assert_eq!(fm.value["a"], 3);
        assert_eq!(fm.value["b"], true);
        assert_eq!(fm.value["c"], "3");
        assert_eq!(fm.value["d"], Value::Null);
        assert_eq!(fm.value["e"], "2025-07-19");
    }
}
