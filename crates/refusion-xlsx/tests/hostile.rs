//! Hostile workbooks (`tests/hostile/workbooks/`, listed with their answers in
//! `tests/hostile/workbooks.json`): each is refused with a clear error naming where, or read
//! within bounds. The files are made by `cargo test -p refusion-xlsx --test hostile --
//! --ignored regenerate` (rust_xlsxwriter, and the zip crate for what no spreadsheet program
//! writes); the 1,000,000-row sheet is made at test time (it is large).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write as _;
use std::path::PathBuf;

use refusion_core::{Engine, PolicySpec};
use refusion_xlsx::RegisterFile;
use rust_xlsxwriter::{Format, Formula, Workbook};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile/workbooks")
}

const HEADER: [&str; 6] = [
    "citizen_id",
    "birth_date",
    "admitted",
    "discharged",
    "daily_rate",
    "own_payment_per_night",
];

/// A register sheet: the header, then rows of text cells (dates as text) and number cells.
fn register(book: &mut Workbook, name: &str, rows: &[(&str, &str, &str, &str, f64, f64)]) -> usize {
    let ws = book.add_worksheet();
    ws.set_name(name).unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (id, b, a, d, rate, own)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *b).unwrap();
        ws.write_string(r, 2, *a).unwrap();
        ws.write_string(r, 3, *d).unwrap();
        ws.write_number(r, 4, *rate).unwrap();
        ws.write_number(r, 5, *own).unwrap();
    }
    book.worksheets().len() - 1
}

const E1: (&str, &str, &str, &str, f64, f64) = (
    "E1",
    "1988-04-20",
    "2026-06-01",
    "2026-07-31",
    1400.0,
    100.0,
);
const E4: (&str, &str, &str, &str, f64, f64) =
    ("E4", "1979-11-11", "2024-02-01", "2024-09-01", 1000.0, 0.0);

fn save(book: &mut Workbook, name: &str) {
    book.save(dir().join(name)).unwrap();
}

/// A zip file of the given parts, stored or deflated.
fn zip_of(parts: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The smallest workbook parts around one sheet's XML.
fn workbook_parts(sheet: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
    ]
}

fn sheet_xml(rows: impl Iterator<Item = String>) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in rows {
        xml.push_str(&r);
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}

fn text_row(cells: &[&str]) -> String {
    let mut s = String::from("<row>");
    for c in cells {
        s.push_str(&format!(r#"<c t="inlineStr"><is><t>{c}</t></is></c>"#));
    }
    s.push_str("</row>");
    s
}

#[test]
#[ignore = "writes the committed hostile workbooks"]
fn regenerate() {
    std::fs::create_dir_all(dir()).unwrap();
    // Merged cells inside the table.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1, E4]);
    b.worksheet_from_index(0)
        .unwrap()
        .merge_range(1, 4, 2, 4, "1400", &Format::new())
        .unwrap();
    save(&mut b, "merged_cells.xlsx");
    // A formula where an amount belongs (rust_xlsxwriter saves the result 0 unless told).
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1, E4]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_formula(2, 4, Formula::new("=E2-400"))
        .unwrap();
    save(&mut b, "formula.xlsx");
    // The register in a hidden first sheet; the visible sheet holds E4 only.
    let mut b = Workbook::new();
    register(&mut b, "Skjult", &[E1]);
    register(&mut b, "Ark2", &[E4]);
    b.worksheet_from_index(0).unwrap().set_hidden(true);
    b.worksheet_from_index(1).unwrap().set_active(true);
    save(&mut b, "hidden_sheet.xlsx");
    // Text in a number column.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1, E4]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_string(2, 4, "ca. 1000")
        .unwrap();
    save(&mut b, "text_in_number_column.xlsx");
    // A number not exact to the øre.
    let mut b = Workbook::new();
    register(
        &mut b,
        "Ark1",
        &[
            E1,
            (
                "E4",
                "1979-11-11",
                "2024-02-01",
                "2024-09-01",
                1_400.000_000_1,
                0.0,
            ),
        ],
    );
    save(&mut b, "float_drift.xlsx");
    // A date serial number (unformatted) in a date column.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_number(1, 2, 46174.0)
        .unwrap();
    save(&mut b, "number_in_date_column.xlsx");
    // A misspelt column.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_string(0, 4, "dailyrate")
        .unwrap();
    save(&mut b, "misspelt_column.xlsx");
    // An error value.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_formula(1, 5, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    save(&mut b, "error_value.xlsx");
    // A value beyond the header's columns.
    let mut b = Workbook::new();
    register(&mut b, "Ark1", &[E1]);
    b.worksheet_from_index(0)
        .unwrap()
        .write_string(1, 9, "note")
        .unwrap();
    save(&mut b, "value_outside_columns.xlsx");
    // A zip bomb: one part declares (and holds) 600 MiB of spaces, deflated to about 0.6 MB.
    let mut parts = workbook_parts(&sheet_xml(std::iter::once(text_row(&HEADER))));
    let spaces = vec![b' '; 600 << 20];
    parts.push(("xl/sharedStrings.xml", spaces));
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    std::fs::write(dir().join("zip_bomb.xlsx"), zip_of(&refs, true)).unwrap();
    // An old binary Excel file's signature.
    std::fs::write(
        dir().join("old_excel.xls"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .unwrap();
}

/// The workbooks and the error each must give: (file, code, the start of the field).
const REFUSED: [(&str, &str, &str); 10] = [
    ("merged_cells.xlsx", "syntax", "sheet \"Ark1\", row 2"),
    (
        "formula.xlsx",
        "wrong_type",
        "sheet \"Ark1\", row 3, column E (daily_rate)",
    ),
    (
        "text_in_number_column.xlsx",
        "invalid_amount",
        "sheet \"Ark1\", row 3, column E (daily_rate)",
    ),
    (
        "float_drift.xlsx",
        "float_money",
        "sheet \"Ark1\", row 3, column E (daily_rate)",
    ),
    (
        "number_in_date_column.xlsx",
        "invalid_date",
        "sheet \"Ark1\", row 2, column C (admitted)",
    ),
    (
        "misspelt_column.xlsx",
        "unknown_field",
        "sheet \"Ark1\", row 1, column E",
    ),
    (
        "error_value.xlsx",
        "wrong_type",
        "sheet \"Ark1\", row 2, column F",
    ),
    (
        "value_outside_columns.xlsx",
        "syntax",
        "sheet \"Ark1\", row 2, column J",
    ),
    ("zip_bomb.xlsx", "limit", "register"),
    ("old_excel.xls", "syntax", "register"),
];

fn evaluate(
    bytes: Vec<u8>,
) -> Result<refusion_core::population::register::ColumnsResult, refusion_core::Error> {
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let f = RegisterFile::read(bytes, None)?;
    f.evaluate(&engine, &policy, false).map(|(r, _, _)| r)
}

#[test]
fn each_hostile_workbook_is_refused_with_its_cell() {
    for (file, code, field) in REFUSED {
        let bytes = std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let e = evaluate(bytes)
            .err()
            .unwrap_or_else(|| panic!("{file} was accepted"));
        assert_eq!(e.code(), code, "{file}: {e}");
        assert!(
            e.field().starts_with(field),
            "{file}: field {:?}, message {}",
            e.field(),
            e.message()
        );
        assert!(!e.message().is_empty());
    }
}

#[test]
fn a_hidden_sheet_is_never_read() {
    // The hidden first sheet holds E1; the visible one E4 (2024: 213 nights at 1,000).
    let r = evaluate(std::fs::read(dir().join("hidden_sheet.xlsx")).unwrap()).unwrap();
    assert_eq!(r.citizens.len(), 1);
    assert_eq!(r.citizens[0].nights, 213);
    assert_eq!(r.totals.gross.to_string(), "213000.00");
}

#[test]
fn the_workbooks_table_lists_every_file() {
    let table: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("../workbooks.json")).unwrap())
            .unwrap();
    let listed: Vec<&str> = table["workbooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["file"].as_str().unwrap())
        .collect();
    for (file, code, field) in REFUSED {
        let w = table["workbooks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["file"] == file)
            .unwrap_or_else(|| panic!("{file} not listed"));
        assert_eq!(w["code"], code);
        assert_eq!(w["field"], field);
    }
    assert!(listed.contains(&"hidden_sheet.xlsx"));
    assert!(listed.contains(&"one_million_rows (made by the test)"));
}

/// 1,000,000 stay rows (250,000 citizens with four one-week stays each), text cells in a
/// stored (uncompressed) sheet of about 170 MB: read within bounds and evaluated.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "80 s unoptimised; scripts/test.sh runs it with --release"
)]
fn a_one_million_row_sheet_is_read_within_bounds() {
    let mut rows = Vec::with_capacity(1_000_001);
    rows.push(text_row(&HEADER));
    for c in 0..250_000u32 {
        let id = format!("C{c:06}");
        for s in 0..4u32 {
            let a = format!("2026-{:02}-01", 1 + 2 * s);
            let d = format!("2026-{:02}-08", 1 + 2 * s);
            rows.push(format!(
                r#"<row><c t="inlineStr"><is><t>{id}</t></is></c><c t="inlineStr"><is><t>1980-01-01</t></is></c><c t="inlineStr"><is><t>{a}</t></is></c><c t="inlineStr"><is><t>{d}</t></is></c><c><v>1000</v></c><c><v>0</v></c></row>"#
            ));
        }
    }
    let parts = workbook_parts(&sheet_xml(rows.into_iter()));
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let bytes = zip_of(&refs, false);
    let r = evaluate(bytes).unwrap();
    assert_eq!(r.rows, 1_000_000);
    assert_eq!(r.citizens.len(), 250_000);
    // 4 stays × 7 nights × 1,000, all refunded at 50 %: 28,000 gross, 14,000 refund each.
    assert_eq!(r.totals.gross.to_string(), "7000000000.00");
    assert_eq!(r.totals.state_refusion.to_string(), "3500000000.00");
}
