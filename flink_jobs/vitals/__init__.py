"""vitals: device readings -> decrypted, validated, one-minute aggregates, latest values and alerts."""
