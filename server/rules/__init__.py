"""The rules the school works by, as pure functions: plain values in, findings out."""
