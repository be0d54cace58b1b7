"""Loading: crates onto trucks, dispatch, and the reusable crates' ledger."""
