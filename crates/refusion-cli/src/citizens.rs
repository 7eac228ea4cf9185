//! `register --citizens-out` in a CSV dialect. The core's `evaluate_csv` writes the per-citizen
//! lines in English CSV as each citizen is done; in `en` they pass through unchanged, in `da`
//! each line is read back and written again through the core's `write_csv` (Danish headers,
//! `;`, decimal comma, a BOM, CRLF), still one citizen at a time.

use std::io::{self, Write};

use refusion_core::model::export::{write_csv, Dialect};

/// A writer of the core's per-citizen CSV in a dialect.
pub struct Writer<W: Write> {
    inner: W,
    dialect: Dialect,
    /// Bytes of a line not yet complete.
    pending: Vec<u8>,
    /// Whether the header is written.
    header_done: bool,
}

impl<W: Write> Writer<W> {
    /// A writer in `dialect` onto `inner`.
    pub fn new(inner: W, dialect: Dialect) -> Writer<W> {
        Writer {
            inner,
            dialect,
            pending: Vec::new(),
            header_done: false,
        }
    }

    /// Writes every complete line of `pending` in the dialect.
    fn drain(&mut self) -> io::Result<()> {
        while let Some(end) = record_end(&self.pending) {
            let record: Vec<u8> = self.pending.drain(..=end).collect();
            let text = String::from_utf8_lossy(record.get(..end).unwrap_or_default());
            let fields = split(text.trim_end_matches('\r'));
            let out = if self.header_done {
                let line = write_csv(&[], &[fields], self.dialect);
                match line.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_string(),
                    None => line,
                }
            } else {
                self.header_done = true;
                let keys: Vec<&str> = fields.iter().map(String::as_str).collect();
                write_csv(&keys, &[], self.dialect)
            };
            self.inner.write_all(out.as_bytes())?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.dialect == Dialect::En {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        self.drain()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            // A last line without its line end.
            self.pending.push(b'\n');
            self.drain()?;
        }
        self.inner.flush()
    }
}

/// The index of the `\n` that ends the first record (a `\n` inside quotes is part of a field).
fn record_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The fields of one English CSV record (`,` between fields, `"` quotes, `""` a quote).
fn split(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn english_lines_become_danish_ones() {
        let mut w = Writer::new(Vec::new(), Dialect::Da);
        w.write_all(b"citizen_id,gross\n").unwrap();
        w.write_all(b"\"a,\"\"b\"\"\n c\",1234.50\nE1,").unwrap();
        w.write_all(b"0.00\n").unwrap();
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(
            out,
            "\u{feff}Borger-id;Bruttoudgift (kr.)\r\n\"a,\"\"b\"\"\n c\";1234,50\r\nE1;0,00\r\n"
        );
        let mut w = Writer::new(Vec::new(), Dialect::En);
        w.write_all(b"citizen_id,gross\nE1,1.00\n").unwrap();
        assert_eq!(w.inner, b"citizen_id,gross\nE1,1.00\n");
    }
}
