//! The body of the `workbook` fuzz target (fuzz/fuzz_targets/workbook.rs), shared with the stable
//! replay test `tests/fuzz_regressions.rs`.
//!
//! Input: first byte even — the rest is a whole file (a workbook, a CSV, anything) read as a
//! register; odd — the rest is a sheet's XML, put into an otherwise valid `.xlsx` (stored), so
//! that the bytes reach calamine's XML walk and the cell conversion rather than the zip layer.
//! Checks: never a panic; an error has a known code, a message, and (for a workbook) a field
//! that names the register, the support file or a sheet; an accepted register satisfies the
//! payer identity `gross = citizen + refusion + net` in all and every year.

use std::io::Write as _;

use refusion_core::{Engine, ErrorKind, PolicySpec};
use refusion_xlsx::RegisterFile;

const PARTS: [(&str, &[u8]); 4] = [
    ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
    ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
    ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
    ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
];

/// An `.xlsx` holding `sheet` as its one sheet's XML.
pub fn workbook_with_sheet(sheet: &[u8]) -> Option<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in PARTS {
        out.start_file(name, options).ok()?;
        out.write_all(bytes).ok()?;
    }
    out.start_file("xl/worksheets/sheet1.xml", options).ok()?;
    out.write_all(sheet).ok()?;
    Some(out.finish().ok()?.into_inner())
}

/// The fuzz target's body.
pub fn workbook(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let bytes = if first % 2 == 0 {
        rest.to_vec()
    } else {
        match workbook_with_sheet(rest) {
            Some(b) => b,
            None => return,
        }
    };
    let engine = Engine::new().expect("the engine");
    let policy = engine.resolve(&PolicySpec::Statutory).expect("statutory");
    let outcome = RegisterFile::read(bytes, None).and_then(|f| f.evaluate(&engine, &policy, false));
    match outcome {
        Err(e) => {
            assert!(
                ErrorKind::ALL.contains(&e.kind()),
                "unknown kind {:?}",
                e.kind()
            );
            assert!(!e.message().is_empty(), "an error without a message");
            assert!(
                !e.field().is_empty(),
                "an error without a field: {}",
                e.message()
            );
        }
        Ok((r, _, _)) => {
            let t = &r.totals;
            let sum = t
                .citizen_payment
                .checked_add(t.state_refusion)
                .and_then(|s| s.checked_add(t.municipal_net));
            assert_eq!(sum.ok(), Some(t.gross), "the payer identity in all");
            for y in &r.years {
                let t = &y.totals;
                let sum = t
                    .citizen_payment
                    .checked_add(t.state_refusion)
                    .and_then(|s| s.checked_add(t.municipal_net));
                assert_eq!(sum.ok(), Some(t.gross), "the payer identity in {}", y.year);
            }
        }
    }
}
