//! Totals by payer: the four reported figures of domain §4 and the exact sums they are
//! rounded from.

use serde::{Deserialize, Serialize};

use crate::model::error::Error;
use crate::model::money::{Exact, Money};

/// The four exact totals of domain §4, rounded to the øre.
///
/// `gross`, `citizen_payment` and `state_refusion` are each rounded (half away from zero) from
/// their exact sums; `municipal_net = gross − citizen_payment − state_refusion` is taken from
/// the rounded figures, so the identity holds exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Everything the spells cost.
    pub gross: Money,
    /// What the citizen pays (own payment).
    pub citizen_payment: Money,
    /// What the state refunds.
    pub state_refusion: Money,
    /// What is left for the municipality.
    pub municipal_net: Money,
}

impl Totals {
    /// Rounds exact sums into totals.
    pub fn from_exact(gross: Exact, citizen: Exact, refund: Exact) -> Result<Totals, Error> {
        let (g, c, r) = (gross.ore()?, citizen.ore()?, refund.ore()?);
        let net = g
            .checked_sub(c)
            .and_then(|x| x.checked_sub(r))
            .ok_or_else(|| Error::overflow("", "a total"))?;
        Ok(Totals {
            gross: Money::from_ore(g)?,
            citizen_payment: Money::from_ore(c)?,
            state_refusion: Money::from_ore(r)?,
            municipal_net: Money::from_ore(net)?,
        })
    }

    /// The public sector's cost: state refusion plus municipal net (= gross − citizen payment).
    pub fn public_sector(&self) -> Result<Money, Error> {
        self.gross.checked_sub(self.citizen_payment)
    }

    /// `self + other`, payer by payer.
    pub fn plus(&self, other: &Totals) -> Result<Totals, Error> {
        Ok(Totals {
            gross: self.gross.checked_add(other.gross)?,
            citizen_payment: self.citizen_payment.checked_add(other.citizen_payment)?,
            state_refusion: self.state_refusion.checked_add(other.state_refusion)?,
            municipal_net: self.municipal_net.checked_add(other.municipal_net)?,
        })
    }

    /// `self − other`, payer by payer.
    pub fn difference(&self, other: &Totals) -> Result<Totals, Error> {
        Ok(Totals {
            gross: self.gross.checked_sub(other.gross)?,
            citizen_payment: self.citizen_payment.checked_sub(other.citizen_payment)?,
            state_refusion: self.state_refusion.checked_sub(other.state_refusion)?,
            municipal_net: self.municipal_net.checked_sub(other.municipal_net)?,
        })
    }
}

/// Exact sums by payer.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Sums {
    pub gross: Exact,
    pub citizen: Exact,
    pub refund: Exact,
}

impl Sums {
    /// Adds `other` in place.
    #[inline(always)]
    pub(crate) fn add(&mut self, other: Sums) -> Result<(), Error> {
        *self = self.plus(&other)?;
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn plus(&self, other: &Sums) -> Result<Sums, Error> {
        Ok(Sums {
            gross: self.gross.checked_add(other.gross)?,
            citizen: self.citizen.checked_add(other.citizen)?,
            refund: self.refund.checked_add(other.refund)?,
        })
    }

    pub(crate) fn totals(&self) -> Result<Totals, Error> {
        Totals::from_exact(self.gross, self.citizen, self.refund)
    }
}
