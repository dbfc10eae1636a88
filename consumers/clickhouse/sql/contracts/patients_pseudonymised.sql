-- patients: full_name, contact_info and insurance_id are keyed SHA-256 hashes (64 hex), never clear text
SELECT count()
FROM patients FINAL
WHERE NOT match(ifNull(full_name, repeat('0', 64)), '^[0-9a-f]{64}$')
   OR NOT match(ifNull(contact_info, repeat('0', 64)), '^[0-9a-f]{64}$')
   OR NOT match(ifNull(insurance_id, repeat('0', 64)), '^[0-9a-f]{64}$')
