"""Benchmarks that print figures (`make bench`), not timed tests. `bench.client` is a
plain Python client of PROTOCOL.md that load tests reuse."""
