"""Optional parts that are not the core API (yapapi's `yapapi.contrib`)."""
