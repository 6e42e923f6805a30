"""What coordinators get: summaries, the drafted report, the ledger, the weekly series."""
