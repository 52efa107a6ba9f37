//! Writes a corpus of synthetic articles for benchmarks: `cargo run --release --example
//! gen_corpus -- DIR N`. Half Markdown with front matter, half plain text in the scraped shape;
//! about one in ten has a defect (a missing access date, no avoid-list) so reports are not empty.
//! Deterministic: the same N gives the same files.

use std::fmt::Write as _;
use std::path::Path;

const CONDITIONS: &[(&str, &str)] = &[
    ("knee osteoarthritis", "knee"),
    ("plantar fasciitis", "heel"),
    ("neck pain", "neck"),
    ("rotator cuff tendinopathy", "shoulder"),
    ("tennis elbow", "elbow"),
    ("ankle sprain", "ankle"),
    ("hip bursitis", "hip"),
    ("sciatica", "lower back"),
    ("shin splints", "shin"),
    ("carpal tunnel syndrome", "wrist"),
];

const HELPFUL: &[&str] = &[
    "Bridges: Lie on your back with knees bent and lift your hips slowly.",
    "Calf Raises: Rise onto your toes holding a rail, then lower with control.",
    "Bird Dog: On all fours, reach one arm and the opposite leg out and back.",
    "Wall Sits: Slide down a wall to a shallow bend and hold for twenty seconds.",
    "Walking: Build up to thirty minutes on flat ground most days.",
    "Chin Tucks: Draw the head straight back and hold for five seconds.",
];

const AVOID: &[&str] = &[
    "Heavy squats while the pain is flaring.",
    "Jumping or running on hard surfaces.",
    "Sudden twisting with a load in your hands.",
    "Deep lunges with a weighted bar.",
];

fn markdown(i: usize, defect: usize) -> String {
    let (condition, part) = CONDITIONS[i % CONDITIONS.len()];
    let mut s = String::new();
    let _ = writeln!(
        s,
        "---\ntitle: Living with {condition} (guide {i})\npublished: 2025-03-{:02}",
        1 + i % 28
    );
    let _ = writeln!(
        s,
        "authors: [Writer {}]\nconditions: [{condition}]\nreferences:",
        i % 17
    );
    for r in 0..3 {
        let _ = writeln!(
            s,
            "  - title: Source {r} on {condition}\n    url: https://example.org/{i}/{r}"
        );
        if !(defect == 1 && r == 2) {
            let _ = writeln!(s, "    accessed: 2025-0{}-{:02}", 1 + r, 10 + i % 18);
        }
    }
    let _ = writeln!(s, "---\n\n# Living with {condition}\n");
    let _ = writeln!(
        s,
        "Pain in the {part} is common. This guide explains what helps and what to leave out for now.\n"
    );
    let _ = writeln!(s, "## Exercises that help\n");
    for k in 0..4 {
        let _ = writeln!(
            s,
            "- **{}",
            HELPFUL[(i + k) % HELPFUL.len()].replacen(':', ":**", 1)
        );
    }
    if defect != 2 {
        let _ = writeln!(s, "\n## Exercises to avoid\n");
        for k in 0..3 {
            let _ = writeln!(s, "- {}", AVOID[(i + k) % AVOID.len()]);
        }
    }
    let _ = writeln!(
        s,
        "\n## When to see a doctor\n\nSee a doctor if the {part} pain lasts more than six weeks or wakes you at night."
    );
    s
}

fn text(i: usize, defect: usize) -> String {
    let (condition, part) = CONDITIONS[i % CONDITIONS.len()];
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Is {condition} getting in the way of your day? This page walks through the exercises that help the {part} recover and the ones to skip."
    );
    let _ = writeln!(s, "Mục lục\nWhy does the {part} hurt?\n");
    let _ = writeln!(
        s,
        "Most {condition} improves with time, gentle loading and patience. Rest alone rarely fixes it."
    );
    let _ = writeln!(s, "Exercises that help\n");
    for k in 0..4 {
        let _ = writeln!(s, "- {}", HELPFUL[(i + k) % HELPFUL.len()]);
    }
    if defect != 2 {
        let _ = writeln!(s, "Exercises and activities to avoid\n");
        for k in 0..3 {
            let _ = writeln!(s, "- {}", AVOID[(i + k) % AVOID.len()]);
        }
    }
    let _ = writeln!(s, "References:");
    for r in 0..2 {
        let _ = writeln!(
            s,
            "{}. Source {r} on {condition}\n- Link: https://example.org/{i}/{r}",
            r + 1
        );
        if !(defect == 1 && r == 1) {
            let _ = writeln!(s, "- Reference Date: {:02}/0{}/2025", 13 + i % 15, 1 + r);
        }
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus DIR N");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(2);
    }
    for i in 0..count {
        // Defects: 1 = a missing access date, 2 = no avoid-list; about one article in ten each.
        let defect = match i % 10 {
            3 => 1,
            7 => 2,
            _ => 0,
        };
        let (name, body) = if i % 2 == 0 {
            (format!("article-{i:05}.md"), markdown(i, defect))
        } else {
            (format!("article-{i:05}.txt"), text(i, defect))
        };
        if let Err(e) = std::fs::write(dir.join(&name), body) {
            eprintln!("{name}: {e}");
            std::process::exit(2);
        }
    }
    println!("wrote {count} articles to {}", dir.display());
}
