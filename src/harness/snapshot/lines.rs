//! A unified line diff (`@@ -a,b +c,d @@`, ` `/`-`/`+` lines) of two snapshot texts, for review.
//!
//! Snapshots are pretty-printed JSON, so a line diff reads well. The common head and tail are
//! trimmed first and the rest compared by longest common subsequence; past [`MAX_CELLS`] (two
//! unrelated texts of thousands of lines) the middle is shown as removed then added, which is
//! still a correct diff, only a coarser one.

use std::fmt::Write as _;

/// The largest LCS table compared line by line (old lines × new lines after trimming).
const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The changes from `old` to `new` as unified-diff hunks with `context` unchanged lines around
/// each change; empty when the texts have the same lines.
pub fn unified(old: &str, new: &str, context: usize) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let ops = ops(&old, &new);
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for (i, _) in ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(_)))
    {
        let start = i.saturating_sub(context);
        let end = (i + context + 1).min(ops.len());
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    // Line numbers (0-based) of the old and new text before each op.
    let mut old_at = Vec::with_capacity(ops.len() + 1);
    let mut new_at = Vec::with_capacity(ops.len() + 1);
    let (mut o, mut n) = (0, 0);
    for op in &ops {
        old_at.push(o);
        new_at.push(n);
        match op {
            Op::Same(_) => (o, n) = (o + 1, n + 1),
            Op::Removed(_) => o += 1,
            Op::Added(_) => n += 1,
        }
    }
    let mut out = String::new();
    for (start, end) in hunks {
        let span = &ops[start..end];
        let old_len = span.iter().filter(|op| !matches!(op, Op::Added(_))).count();
        let new_len = span
            .iter()
            .filter(|op| !matches!(op, Op::Removed(_)))
            .count();
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(old_at[start], old_len),
            range(new_at[start], new_len)
        );
        for op in span {
            let _ = match op {
                Op::Same(l) => writeln!(out, " {l}"),
                Op::Removed(l) => writeln!(out, "-{l}"),
                Op::Added(l) => writeln!(out, "+{l}"),
            };
        }
    }
    out
}

/// `start,len` with a 1-based start (`0,0` for an empty side, as `diff -u` writes it).
fn range(start: usize, len: usize) -> String {
    if len == 0 {
        format!("{start},0")
    } else {
        format!("{},{len}", start + 1)
    }
}

fn ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out: Vec<Op<'a>> = old[..head].iter().map(|l| Op::Same(l)).collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        out.extend(a.iter().map(|l| Op::Removed(l)));
        out.extend(b.iter().map(|l| Op::Added(l)));
    } else {
        middle(a, b, &mut out);
    }
    out.extend(old[old.len() - tail..].iter().map(|l| Op::Same(l)));
    out
}

/// Longest common subsequence of `a` and `b`, walked forwards: removals before additions.
fn middle<'a>(a: &[&'a str], b: &[&'a str], out: &mut Vec<Op<'a>>) {
    let width = b.len() + 1;
    // lcs[i * width + j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(Op::Removed(a[i]));
            i += 1;
        } else {
            out.push(Op::Added(b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| Op::Removed(l)));
    out.extend(b[j..].iter().map(|l| Op::Added(l)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_hunk() {
        assert_eq!(unified("a\nb\n", "a\nb\n", 3), "");
    }

    #[test]
    fn one_changed_line_shows_with_its_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n";
        assert_eq!(
            unified(old, new, 2),
            "@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n"
        );
    }

    #[test]
    fn distant_changes_make_separate_hunks_and_near_ones_merge() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 2\n", "two\n")
            .replace("line 18\n", "eighteen\n");
        let diff = unified(&old, &new, 1);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("-line 18\n+eighteen\n"), "{diff}");
        let near = old
            .replace("line 5\n", "five\n")
            .replace("line 7\n", "seven\n");
        assert_eq!(unified(&old, &near, 1).matches("@@ -").count(), 1);
    }

    #[test]
    fn insertions_and_deletions_keep_the_common_lines() {
        let diff = unified("a\nb\nc\nd\n", "a\nc\nx\nd\n", 0);
        assert_eq!(diff, "@@ -2,1 +1,0 @@\n-b\n@@ -3,0 +3,1 @@\n+x\n");
    }

    #[test]
    fn a_new_text_is_all_added() {
        assert_eq!(unified("", "a\nb\n", 3), "@@ -0,0 +1,2 @@\n+a\n+b\n");
    }
}
