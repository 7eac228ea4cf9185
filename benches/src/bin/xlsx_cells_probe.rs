//! Probe: how long calamine alone takes to walk every cell of a workbook's first sheet.
use calamine::{Reader, Xlsx};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    for mode in 0..3 {
        let t = std::time::Instant::now();
        let mut wb = Xlsx::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
        let name = wb.sheet_names()[0].clone();
        let mut n = 0u64;
        if mode == 2 {
            let r = wb.worksheet_range(&name).unwrap();
            n = r.used_cells().count() as u64;
        } else {
            let mut cells = wb.worksheet_cells_reader(&name).unwrap();
            if mode == 0 {
                while let Some(_c) = cells.next_cell().unwrap() {
                    n += 1;
                }
            } else {
                while let Some(_c) = cells.next_cell_with_formula_metadata().unwrap() {
                    n += 1;
                }
            }
        }
        println!("mode {mode}: {n} cells in {:?}", t.elapsed());
    }
    let t = std::time::Instant::now();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let m = wb.merge_cells_by_sheet_name(&name).unwrap();
    println!("merged regions: {} in {:?}", m.len(), t.elapsed());
}
