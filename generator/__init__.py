"""Synthetic hospital traffic: `hospital seed` (reference data) and `hospital stream` (OLTP + vitals)."""
