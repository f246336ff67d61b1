//! Agreements (boundaries and expectations the couple keeps) and promises (what one partner
//! says they will do, kept or missed over time). Plain data and the rules of their states; the
//! screens and the store use them.

mod agreements;
mod promises;
mod session;

pub use agreements::*;
pub use promises::*;
pub use session::*;

#[cfg(test)]
mod tests;
