//! Writes a register CSV (and a support CSV) as the workbooks an analyst would have: ids as
//! text, dates as date cells, amounts as number cells, one sheet each. For the benchmark of
//! `refusion register FILE.xlsx` against the same register as CSV (`benches/run.sh xlsx`).
//!
//! `register_xlsx REGISTER.csv OUT.xlsx [SUPPORT.csv SUPPORT_OUT.xlsx]`

use std::error::Error;

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const DATES: [&str; 6] = [
    "birth_date",
    "admitted",
    "discharged",
    "start",
    "end",
    "decided_on",
];
const AMOUNTS: [&str; 3] = ["daily_rate", "own_payment_per_night", "annual_cost"];

fn convert(csv_path: &str, out: &str) -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(csv_path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("empty file")?
        .split([',', ';'])
        .collect();
    let delimiter = if text.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let ws = book.add_worksheet_with_constant_memory();
    ws.set_name("Register")?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, line) in lines.enumerate() {
        let row = r as u32 + 1;
        for (c, (field, name)) in line.split(delimiter).zip(&header).enumerate() {
            let c = c as u16;
            if field.is_empty() {
                continue;
            }
            if DATES.contains(name) {
                let d = NaiveDate::parse_from_str(field, "%Y-%m-%d")?;
                ws.write_datetime_with_format(
                    row,
                    c,
                    ExcelDateTime::from_ymd(
                        d.year_ce().1 as u16,
                        d.month0() as u8 + 1,
                        d.day0() as u8 + 1,
                    )?,
                    &date,
                )?;
            } else if AMOUNTS.contains(name) {
                // Danish text (1.400,50) or plain (1400.50) → the number.
                let plain = if field.contains(',') {
                    field.replace('.', "").replace(',', ".")
                } else {
                    field.to_string()
                };
                ws.write_number_with_format(row, c, plain.parse::<f64>()?, &money)?;
            } else {
                ws.write_string(row, c, field)?;
            }
        }
    }
    book.save(out)?;
    Ok(())
}

use chrono::Datelike as _;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [csv, out] => convert(csv, out),
        [csv, out, support, support_out] => {
            convert(csv, out)?;
            convert(support, support_out)
        }
        _ => {
            Err("usage: register_xlsx REGISTER.csv OUT.xlsx [SUPPORT.csv SUPPORT_OUT.xlsx]".into())
        }
    }
}
