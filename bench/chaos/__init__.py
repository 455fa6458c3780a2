"""A chaos run: many jobs on the local network while random faults hit it."""
