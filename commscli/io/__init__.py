"""Files in and out: CSV with encoding sniffing, bulk import."""
