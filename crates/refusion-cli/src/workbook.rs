//! Workbooks on the command line: registers read from `.xlsx`/`.ods` as well as CSV, and
//! results written with `--xlsx FILE` (both through the `refusion-xlsx` crate).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::Args;
use refusion_core::model::locale::Lang;
use refusion_xlsx::RegisterFile;

use crate::Failure;

/// `--xlsx FILE` and its language.
#[derive(Args, Clone)]
pub struct XlsxOut {
    /// Also write the result as an Excel workbook (.xlsx): an overview, the tables by year and
    /// payer (and per citizen for a register), and the parameters with their sources.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// The workbook's language: da (the default) or en.
    #[arg(long, value_name = "LANG", default_value = "da")]
    pub xlsx_lang: Lang,
}

impl XlsxOut {
    /// Writes the workbook `make` builds in the chosen language, when `--xlsx` was given.
    pub fn write(
        &self,
        make: impl FnOnce(Lang) -> Result<Vec<u8>, refusion_core::Error>,
    ) -> Result<(), Failure> {
        let Some(path) = &self.xlsx else {
            return Ok(());
        };
        let bytes = make(self.xlsx_lang)?;
        std::fs::write(path, bytes).map_err(|e| Failure::Read(path.clone(), e))?;
        eprintln!("refusion: wrote {}", path.display());
        Ok(())
    }
}

/// Whether a file is a workbook (by its first bytes; standard input is read as CSV).
pub fn is_workbook(path: &Path) -> Result<bool, Failure> {
    if path.as_os_str() == "-" {
        return Ok(false);
    }
    let mut head = [0u8; 8];
    let mut f = std::fs::File::open(path).map_err(|e| Failure::Read(path.to_path_buf(), e))?;
    let n = f
        .read(&mut head)
        .map_err(|e| Failure::Read(path.to_path_buf(), e))?;
    let head = head.get(..n).unwrap_or_default();
    Ok(head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
}

/// A register and its optional support file read whole (CSV or workbook).
pub fn read_register(file: &Path, support: Option<&Path>) -> Result<RegisterFile, Failure> {
    let stays = crate::read_all(file)?;
    let support = support.map(crate::read_all).transpose()?;
    Ok(RegisterFile::read(stays, support)?)
}
