"""Benchmarks: yapapi 0.13.1 against golem_hl on the local network (`python -m bench`)."""
