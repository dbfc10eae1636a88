"""`hospital reconcile`: every sink against the source, per table, after lag reaches zero."""
