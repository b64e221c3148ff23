//! The regression-snapshot step that the parser appends to every scenario when snapshots are on:
//! it compares (or writes) the scenario's normalised exchanges. See `harness::snapshot`.

use cucumber::then;

use crate::harness::failure::{CheckFailure, FailureKind};
use crate::harness::snapshot::{Recording, Verdict};
use crate::harness::world::ScimWorld;

#[then(expr = "its exchanges match the regression snapshot")]
async fn exchanges_match_the_snapshot(world: &mut ScimWorld) -> Result<(), CheckFailure> {
    let ctx = world.ctx()?;
    let Some(store) = &ctx.snapshots else {
        return Ok(());
    };
    let recording = Recording {
        path: &world.scenario.path,
        scenario: &world.scenario.name,
        ordinal: world.scenario.ordinal,
        base_url: &ctx.target.base_url,
        run_token: &world.run,
        saved: &world.saved,
        exchanges: &world.exchanges,
    };
    let (name, verdict) = store
        .check(&recording)
        .map_err(|e| CheckFailure::new(FailureKind::Feature, e))?;
    match verdict {
        Verdict::Matches | Verdict::Written => Ok(()),
        drift @ (Verdict::Missing { .. } | Verdict::Changed { .. }) => {
            // No `rule:` line: a changed snapshot breaks no rule (the world's `fail` adds one).
            let failure = CheckFailure::new(FailureKind::Drift, drift.describe(&name));
            let failure = world.keep(failure);
            Err(failure)
        }
    }
}
