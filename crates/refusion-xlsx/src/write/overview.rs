//! The overview sheet every workbook opens with: what it is, the policy, the totals, short
//! plain sentences, and what each sheet holds.

use refusion_core::model::money::Money;
use refusion_core::model::totals::Totals;
use refusion_core::{Engine, Error};
use rust_decimal::Decimal;

use super::book::{label, payers, Book, Sheet, Tx, PAYER_KEYS};

/// The sheet's name.
pub(crate) const OVERVIEW: Tx = Tx("Oversigt", "Overview");

/// Label/value rows on the overview sheet, top to bottom.
pub(crate) struct Overview<'b> {
    sheet: Sheet<'b>,
    row: u32,
}

impl<'b> Overview<'b> {
    /// A new overview sheet with its title and a first sentence.
    pub(crate) fn new(book: &'b mut Book, title: Tx, what: Tx) -> Result<Overview<'b>, Error> {
        let lang = book.lang;
        let mut sheet = book.sheet(OVERVIEW)?;
        sheet.title(0, 0, title.get(lang))?;
        sheet.sentence(1, 0, what.get(lang))?;
        sheet.widen(0, 34);
        sheet.widen(1, 20);
        Ok(Overview { sheet, row: 3 })
    }

    fn lang(&self) -> refusion_core::model::locale::Lang {
        self.sheet.lang
    }

    /// An empty row.
    pub(crate) fn gap(&mut self) {
        self.row += 1;
    }

    /// A bold heading.
    pub(crate) fn heading(&mut self, text: Tx) -> Result<(), Error> {
        let t = text.get(self.lang());
        self.sheet.bold(self.row, 0, t)?;
        self.row += 1;
        Ok(())
    }

    /// A sentence of its own.
    pub(crate) fn sentence(&mut self, text: &str) -> Result<(), Error> {
        self.sheet.sentence(self.row, 0, text)?;
        self.row += 1;
        Ok(())
    }

    /// A sentence in the workbook's language.
    pub(crate) fn say(&mut self, text: Tx) -> Result<(), Error> {
        let t = text.get(self.lang());
        self.sentence(t)
    }

    /// A label and a text.
    pub(crate) fn text(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.sheet.text(self.row, 0, name)?;
        self.sheet.sentence(self.row, 1, value)?;
        self.row += 1;
        Ok(())
    }

    /// A label and an amount.
    pub(crate) fn money(&mut self, name: &str, value: Money) -> Result<(), Error> {
        self.sheet.text(self.row, 0, name)?;
        self.sheet.money(self.row, 1, value)?;
        self.row += 1;
        Ok(())
    }

    /// A label and a count.
    pub(crate) fn whole(&mut self, name: &str, value: i64) -> Result<(), Error> {
        self.sheet.text(self.row, 0, name)?;
        self.sheet.whole(self.row, 1, value)?;
        self.row += 1;
        Ok(())
    }

    /// A label and a year.
    pub(crate) fn year(&mut self, name: &str, value: i32) -> Result<(), Error> {
        self.sheet.text(self.row, 0, name)?;
        self.sheet.year(self.row, 1, value)?;
        self.row += 1;
        Ok(())
    }

    /// A label and a share as a percentage.
    pub(crate) fn percent(&mut self, name: &str, value: Decimal) -> Result<(), Error> {
        self.sheet.text(self.row, 0, name)?;
        self.sheet.percent(self.row, 1, value)?;
        self.row += 1;
        Ok(())
    }

    /// The policy by name, with the preset's description.
    pub(crate) fn policy(
        &mut self,
        engine: &Engine,
        name: &str,
        preset: &str,
    ) -> Result<(), Error> {
        let lang = self.lang();
        let what = engine
            .catalog()
            .preset_description(preset, lang)
            .unwrap_or_default();
        // "Gældende regler (statutory)": the preset's title, as the CLI and the page show it.
        let shown = match engine
            .catalog()
            .presets
            .get(preset)
            .map(|p| p.title.get(lang))
        {
            Some(title) if !title.is_empty() && name == preset => format!("{title} ({name})"),
            _ => name.to_string(),
        };
        self.text(label("policy", lang), &shown)?;
        if !what.is_empty() {
            self.text("", what)?;
        }
        Ok(())
    }

    /// The four payers' totals under a heading.
    pub(crate) fn totals(&mut self, heading: Tx, t: &Totals) -> Result<(), Error> {
        self.heading(heading)?;
        let lang = self.lang();
        for (key, m) in PAYER_KEYS.iter().zip(payers(t)) {
            self.money(label(key, lang), m)?;
        }
        Ok(())
    }

    /// The plain sentences on how the figures are made.
    pub(crate) fn money_sentences(&mut self) -> Result<(), Error> {
        self.say(Tx(
            "Bruttoudgiften deles mellem borgerens egenbetaling, statens refusion og kommunens nettoudgift: kommunens nettoudgift = bruttoudgift − egenbetaling − statens refusion.",
            "The gross cost is shared between the citizen's own payment, the state refund and the municipality's net cost: municipal net cost = gross cost − own payment − state refund.",
        ))?;
        self.say(Tx(
            "Alle beløb er regnet præcist og afrundet til hele øre til sidst; totaler er afrundet fra de præcise beløb, ikke lagt sammen af afrundede rækker.",
            "Every amount is computed exactly and rounded to the øre at the end; totals are rounded from the exact amounts, not added up from rounded rows.",
        ))?;
        self.say(Tx(
            "Beløb er kroner som tal, så de kan regnes videre med; totalrækker er tal, ikke formler.",
            "Amounts are kroner as numbers, ready for further calculation; totals rows are numbers, not formulas.",
        ))
    }

    /// What each sheet holds.
    pub(crate) fn sheets(&mut self, sheets: &[(Tx, Tx)]) -> Result<(), Error> {
        self.heading(Tx("Arkene", "The sheets"))?;
        let lang = self.lang();
        for (name, what) in sheets {
            self.sheet.bold(self.row, 0, name.get(lang))?;
            self.sheet.sentence(self.row, 1, what.get(lang))?;
            self.row += 1;
        }
        Ok(())
    }

    /// Sets the widths.
    pub(crate) fn finish(self) -> Result<(), Error> {
        self.sheet.finish()
    }
}
