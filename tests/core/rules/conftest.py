"""Rule tests build reader-shaped tables directly (rule_tables.py), so they run without Excel."""
