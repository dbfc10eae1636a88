"""What every sink consumer shares: change parsing, versions, privacy, the batch loop."""
